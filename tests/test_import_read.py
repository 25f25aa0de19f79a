"""Reading the exports: each fixture's totals, worked out by hand from the formulas the
fixture follows (see tests/fixtures/exports/make_fixtures.py), number and date
conventions, recognition, refusal and error locations."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from socroi_xl.importers import COLUMNS, ExportError, read_export
from socroi_xl.importers.ga4 import classify

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def totals(df: pd.DataFrame) -> dict[str, float]:
    return {c: df[c].sum(min_count=1) for c in COLUMNS[4:]}


def check(df: pd.DataFrame, **expected: float) -> None:
    got = totals(df)
    for name, value in expected.items():
        if value is None:
            assert math.isnan(got[name]), name
        else:
            assert got[name] == pytest.approx(value, abs=1e-9), name


def test_meta_english_csv_with_bom_and_summary_row():
    df = read_export(EXPORTS / "meta_ads_en.csv")
    assert df.attrs["platform"] == "meta"
    assert list(df.columns) == list(COLUMNS)
    assert df["date"].dtype.kind == "M"
    # the summary row Meta puts first has no campaign name; the 30 campaign rows follow
    assert df["campaign"].iloc[0] == ""
    rows = df[df["campaign"] != ""]
    assert len(rows) == 30
    assert set(rows["campaign"]) == {
        "Spring Sale – Prospecting", "Spring Sale, Retargeting", 'Brand Awareness "Q1"'
    }
    assert set(rows["platform"]) == {"Meta"} and set(rows["type"]) == {"Paid"}
    # campaigns k = 0..2, days d = 1..10:
    # spend  Σ(20.25 + 10k + d) = 30*20.25 + 10*10*(0+1+2) + 3*55 = 607.5 + 300 + 165 = 1072.50
    # impressions Σ(1000(k+1) + 100d) = 10*1000*6 + 3*100*55 = 60000 + 16500 = 76500
    # reach Σ(800(k+1) + 80d) = 48000 + 13200 = 61200
    # link clicks Σ(10(k+1) + d) = 600 + 165 = 765 (clicks (all) is not used when link clicks exist)
    # post engagement Σ(50 + d) = 3*(500 + 55) = 1665
    # purchases d mod 3 over d = 1..10 is 1,2,0,1,2,0,1,2,0,1 = 10 per campaign -> 30
    # purchase value 40 per purchase -> 1200; blank cells (no purchase) stay NaN
    check(rows, spend=1072.50, impressions=76500, reach=61200, clicks=765, engagements=1665,
          conversions=30, revenue=1200, leads=None)
    assert rows["revenue"].isna().sum() == 9  # d = 3, 6, 9 for 3 campaigns
    assert rows["date"].min() == pd.Timestamp("2024-03-01")
    assert rows["date"].max() == pd.Timestamp("2024-03-10")


def test_meta_french_decimal_commas_and_no_break_space_thousands():
    df = read_export(EXPORTS / "meta_ads_fr.csv")
    assert len(df) == 12
    # k = 0, 1; d = 1..6: spend Σ(100.50 + 10k + d) = 12*100.5 + 10*6 + 2*21 = 1206 + 60 + 42
    # impressions Σ(1000 + 1000k + 250d) = 12000 + 6000 + 2*250*21 = 28500; reach = that - 12*200
    # link clicks Σ(20 + d) = 2*(120 + 21) = 282; leads (Prospects) Σ(d + k) = 2*21 + 6 = 48
    check(df, spend=1308.00, impressions=28500, reach=26100, clicks=282, leads=48,
          conversions=None, revenue=None)
    assert df["impressions"].iloc[0] == 1250  # "1 250" with a no-break space


def test_meta_spanish_point_thousands_daily_breakdown():
    df = read_export(EXPORTS / "meta_ads_es.csv")
    assert len(df) == 8 and set(df["campaign"]) == {"Rebajas de primavera"}
    # d = 1..8: spend Σ(1000 + 0.5d) = 8000 + 18 = 8018; impressions Σ(10000 + 1000d) = 116000
    # reach Σ(9000 + 500d) = 72000 + 18000 = 90000; clicks Σ(100 + d) = 836
    # purchases 2 a day = 16; value 99.90 a day = 799.20
    check(df, spend=8018.00, impressions=116000, reach=90000, clicks=836, conversions=16,
          revenue=799.20)
    assert df["spend"].iloc[0] == 1000.5  # "1.000,50"
    assert list(df["date"].dt.day) == list(range(1, 9))


def test_meta_german_xlsx():
    df = read_export(EXPORTS / "meta_ads_de.xlsx")
    assert df.attrs["platform"] == "meta" and len(df) == 10
    # k = 0, 1; d = 1..5: spend Σ(50 + 5k + d) = 500 + 25 + 30 = 555
    # impressions Σ(2000 + 100d) = 20000 + 2*1500 = 23000; reach Σ(1500 + 50d) = 15000 + 1500
    # link clicks Σ(30 + d) = 300 + 30 = 330; purchases 10; value 10 * 75.50 = 755
    check(df, spend=555, impressions=23000, reach=16500, clicks=330, conversions=10, revenue=755)


def test_meta_platform_breakdown(tmp_path):
    p = tmp_path / "meta.csv"
    p.write_text("Reporting starts,Campaign name,Platform,Amount spent (GBP)\n"
                 "2024-01-01,A,facebook,1\n2024-01-01,A,instagram,2\n"
                 "2024-01-01,A,audience_network,3\n2024-01-01,B,,4\n", encoding="utf-8")
    df = read_export(p)
    assert list(df["platform"]) == ["Facebook", "Instagram", "Audience Network", "Meta"]


def test_linkedin_preamble_and_us_dates():
    df = read_export(EXPORTS / "linkedin_campaigns.csv")
    assert df.attrs["platform"] == "linkedin" and len(df) == 32
    assert set(df["platform"]) == {"LinkedIn"}
    # k = 0..3, d = 1..8: spend Σ(55.50 + 20k + d) = 32*55.5 + 20*8*6 + 4*36 = 1776 + 960 + 144
    # impressions Σ(1500 + 500k + 10d) = 48000 + 24000 + 1440 = 73440
    # clicks Σ(12 + k + d) = 384 + 48 + 144 = 576; engagements = clicks + 3 -> 576 + 96 = 672
    # leads = conversions = (d mod 2)(k+1): 4 odd days * (1+2+3+4) = 40; value 0.00 everywhere
    check(df, spend=2880.00, impressions=73440, clicks=576, engagements=672, leads=40,
          conversions=40, revenue=0, reach=None)
    # "3/8/2024" is the 8th of March (M/D/YYYY), not the 3rd of August
    assert df["date"].max() == pd.Timestamp("2024-03-08")


def test_google_ads_utf16_tabs_footers_and_dashes():
    df = read_export(EXPORTS / "google_ads_campaigns.csv")
    assert df.attrs["platform"] == "google-ads"
    assert len(df) == 30  # the three "Total: …" footer rows are gone
    assert not df["campaign"].str.startswith("Total").any()
    # k = 0..2, d = 1..10: cost Σ(1000 + 250k + 10.5d) = 30000 + 7500 + 3*10.5*55 = 39232.50
    # impressions Σ(12000 + 1000k + 100d) = 360000 + 30000 + 16500 = 406500
    # clicks Σ(300 + 10k + d) = 9000 + 300 + 165 = 9465
    # conversions 3 on the 5 even days: 3*5*3 = 45; value 450 on those days: 15*450 = 6750
    # and "--" on odd days is missing, not 0
    check(df, spend=39232.50, impressions=406500, clicks=9465, conversions=45, revenue=6750)
    assert df["revenue"].isna().sum() == 15
    assert df["spend"].iloc[0] == 1010.50  # "1,010.50"
    # the Video campaign is YouTube's, the Search ones Google Ads'
    assert set(df.loc[df["campaign"] == "YouTube | Spring", "platform"]) == {"YouTube"}
    assert (df["platform"] == "Google Ads").sum() == 20


def test_ga4_social_rows_classified_by_default_channel_rules():
    df = read_export(EXPORTS / "ga4_traffic_acquisition.csv")
    assert df.attrs["platform"] == "ga4"
    # 25 rows; not social: google/organic, (direct), google/cpc, bing/organic,
    # newsletter/email, chatgpt.com/referral, duckduckgo/organic = 7
    assert df.attrs["ignored"] == 7 and len(df) == 18
    # no Date column: every row takes "# Start date: 20240301"
    assert set(df["date"]) == {pd.Timestamp("2024-03-01")}
    by = {(p, c.removeprefix("GA4: ")): t
          for p, c, t in zip(df["platform"], df["campaign"], df["type"], strict=True)}
    assert df["campaign"].str.startswith("GA4: ").all()
    assert by[("Facebook", "spring_sale")] == "Paid"            # facebook / cpc
    assert by[("Facebook", "retarget_march")] == "Paid"         # medium paid_social
    assert by[("Facebook", "m.facebook.com / referral")] == "Organic"
    assert by[("LinkedIn", "b2b_leads")] == "Paid"
    assert by[("LinkedIn", "lnkd.in / referral")] == "Organic"
    assert by[("X", "t.co / referral")] == "Organic"
    assert by[("partner_blog", "guest_post")] == "Organic"     # medium social-media
    assert by[("TikTok", "spring_tiktok")] == "Paid"
    assert by[("YouTube", "youtube.com / referral")] == "Organic"
    # (not set) source/medium/campaign, read from the landing page's utm_ parameters
    assert by[("Facebook", "retarget_q1")] == "Paid"
    # one campaign seen both organic (instagram / social) and paid (ig / cpc)
    assert by[("Instagram", "summer_launch (organic)")] == "Organic"
    assert by[("Instagram", "summer_launch (paid)")] == "Paid"
    # sessions of the 18 social rows:
    # 900+100+300+400+200+500+600+250+350+120+80+150+90+60+70+200+50+40 = 4460
    # engaged: 500+50+200+180+90+300+350+120+260+80+40+60+45+30+40+90+20+25 = 2480
    # key events: 20+5+10+2+1+6+12+1+25+3+0+1+0+1+2+3+0+0 = 92
    # revenue: 1000+250+500+300+600+50+40+90+120 (others 0) = 2950
    check(df, clicks=4460, engagements=2480, conversions=92, revenue=2950, spend=None)
    paid = df[df["type"] == "Paid"]
    # paid rows: 900+100+300+600+350+70+200 sessions; 1000+250+500+600+0+90+120 revenue
    check(paid, clicks=2520, revenue=2560)


@pytest.mark.parametrize(
    ("source", "medium", "expected"),
    [
        ("facebook", "cpc", "Paid"),
        ("facebook", "paid-social", "Paid"),
        ("linkedin", "ppc", "Paid"),
        ("instagram", "retargeting", "Paid"),
        ("facebook", "referral", "Organic"),
        ("newsletter", "social", "Organic"),
        ("newsletter", "social network", "Organic"),
        ("whatever", "sm", "Organic"),
        ("google", "cpc", ""),            # paid search, not social
        ("newsletter", "cpc", ""),        # paid, but not a social source
        ("bing", "organic", ""),
        ("facebook", "email", "Organic"),  # a social source is Organic Social whatever else
    ],
)
def test_ga4_channel_rules(source, medium, expected):
    got = classify(pd.Series([source]), pd.Series([medium]))
    assert got.iloc[0] == expected


def test_ga4_channel_group_column_is_trusted(tmp_path):
    p = tmp_path / "ga4.csv"
    p.write_text(
        "# Start date: 20240101\n"
        "Session default channel group,Sessions,Engaged sessions,Key events,Total revenue\n"
        "Organic Search,100,50,1,10\nPaid Social,40,20,2,30\nOrganic Social,30,10,0,0\n"
        "Direct,10,5,0,0\n",
        encoding="utf-8",
    )
    df = read_export(p)
    assert list(df["type"]) == ["Paid", "Organic"]
    assert list(df["campaign"]) == ["GA4: Paid Social", "GA4: Organic Social"]
    assert list(df["clicks"]) == [40, 30]
    assert df.attrs["ignored"] == 2


def test_ga4_key_events_of_one_event(tmp_path):
    p = tmp_path / "ga4.csv"
    p.write_text("# Start date: 20240101\n"
                 "Session source / medium,Sessions,Key events (purchase),Total revenue\n"
                 "facebook / cpc,12,3,9.5\n", encoding="utf-8")
    assert read_export(p)["conversions"].iloc[0] == 3


def test_ga4_date_column(tmp_path):
    p = tmp_path / "ga4.csv"
    p.write_text(
        "# Start date: 20240101\n"
        "Date,Session source / medium,Sessions,Key events,Total revenue\n"
        "20240105,facebook / cpc,12,1,9.5\n20240106,facebook / cpc,8,0,0\n",
        encoding="utf-8",
    )
    df = read_export(p)
    assert list(df["date"]) == [pd.Timestamp("2024-01-05"), pd.Timestamp("2024-01-06")]


# -- numbers -----------------------------------------------------------------------------

def _meta(tmp_path, spend_values, header="Amount spent (USD)", lang_campaign="Campaign name"):
    p = tmp_path / "meta.csv"
    lines = [f"Reporting starts,{lang_campaign},\"{header}\",Impressions"]
    lines += [f'2024-01-{i + 1:02d},C{i},"{v}",10' for i, v in enumerate(spend_values)]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_english_numbers_currency_percent_parentheses(tmp_path):
    p = _meta(tmp_path, ["$1,234.50", "(12.00)", "50%", "--", "  7 ", "1e3", "USD 5",
                         "US$1,000.25", "-3.5", "£0.99"])
    got = read_export(p)["spend"].to_numpy()
    np.testing.assert_array_equal(
        got, [1234.5, -12.0, 0.5, np.nan, 7.0, 1000.0, 5.0, 1000.25, -3.5, 0.99]
    )


def test_decimal_comma_numbers_in_german_export(tmp_path):
    p = _meta(tmp_path, ["1.234,56", "12,5", "3", "1 000,00 €"],
              header="Ausgegebener Betrag (EUR)", lang_campaign="Kampagnenname")
    np.testing.assert_array_equal(read_export(p)["spend"].to_numpy(), [1234.56, 12.5, 3, 1000])


def test_french_export_with_plain_machine_numbers(tmp_path):
    # no comma anywhere: the French export wrote raw numbers with a decimal point
    p = _meta(tmp_path, ["12.50", "1204.5"], header="Montant dépensé (EUR)",
              lang_campaign="Nom de la campagne")
    np.testing.assert_array_equal(read_export(p)["spend"].to_numpy(), [12.5, 1204.5])


@pytest.mark.parametrize("bad", ["12,3x", "1,2,3", "abc", "1.234,5"])
def test_unreadable_number_names_file_line_and_column(tmp_path, bad):
    p = _meta(tmp_path, ["1.00", "2.00", bad])
    with pytest.raises(ExportError) as err:
        read_export(p)
    e = err.value
    assert (e.line, e.column) == (4, "Amount spent (USD)")  # header is line 1
    assert str(e).startswith(f"{p}, line 4, column 'Amount spent (USD)': cannot read")
    assert repr(bad) in str(e)


def test_unreadable_date_names_line(tmp_path):
    p = tmp_path / "li.csv"
    p.write_text(
        "LinkedIn report\nReport Start: 1/1/2024\n\n"
        '"Start Date (in UTC)","Campaign Name","Total Spent","Impressions","Clicks"\n'
        '"1/2/2024","A","1.00","10","1"\n"13/45/2024","B","1.00","10","1"\n',
        encoding="utf-8",
    )
    with pytest.raises(ExportError) as err:
        read_export(p)
    assert err.value.line == 6 and err.value.column == "Start Date (in UTC)"


def test_malformed_row_names_line(tmp_path):
    p = tmp_path / "meta.csv"
    p.write_text('Reporting starts,Campaign name,Amount spent (USD)\n2024-01-01,A,1\n'
                 '2024-01-02,B,2,3,4\n', encoding="utf-8")
    with pytest.raises(ExportError) as err:
        read_export(p)
    assert err.value.line == 3


# -- recognition -------------------------------------------------------------------------

def test_unrecognised_file_refused_naming_expected_columns(tmp_path):
    p = tmp_path / "other.csv"
    p.write_text("Name,Value\nx,1\n", encoding="utf-8")
    with pytest.raises(ExportError) as err:
        read_export(p)
    msg = str(err.value)
    assert "not a recognised export" in msg
    for expected in ("Amount spent", "Total Spent", "Impr.", "Session source / medium"):
        assert expected in msg


def test_explicit_platform_must_match(tmp_path):
    with pytest.raises(ExportError) as err:
        read_export(EXPORTS / "meta_ads_en.csv", platform="linkedin")
    assert "not a LinkedIn Campaign Manager export" in str(err.value)
    assert "Total Spent" in str(err.value)
    df = read_export(EXPORTS / "linkedin_campaigns.csv", platform="linkedin")
    assert len(df) == 32


def test_unknown_platform_name():
    with pytest.raises(ExportError, match="unknown platform 'tiktok'"):
        read_export(EXPORTS / "meta_ads_en.csv", platform="tiktok")


def test_missing_file_and_binary_garbage(tmp_path):
    with pytest.raises(ExportError, match="no such file"):
        read_export(tmp_path / "nope.csv")
    p = tmp_path / "junk.csv"
    p.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ExportError):
        read_export(p)


def test_spreadsheet_that_is_not_meta_refused(tmp_path):
    from openpyxl import Workbook

    p = tmp_path / "x.xlsx"
    wb = Workbook()
    wb.active.append(["Foo", "Bar"])
    wb.save(p)
    with pytest.raises(ExportError, match="expected Meta Ads Manager"):
        read_export(p)
    with pytest.raises(ExportError, match="exports are text"):
        read_export(p, platform="ga4")


def test_google_ads_xlsx_download(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Campaign report"])
    ws.append(["March 1, 2024 - March 2, 2024"])
    ws.append(["Campaign", "Campaign type", "Cost", "Impr.", "Clicks", "Conversions",
               "Conv. value"])
    ws.append(["Brand", "Search", 1010.5, 12100, 301, 0, "--"])
    ws.append(["Video", "Video", 20.25, 1000, 10, 1, 45])
    ws.append(["Total: Campaigns", "--", 1030.75, 13100, 311, 1, 45])
    p = tmp_path / "gads.xlsx"
    wb.save(p)
    df = read_export(p)
    assert df.attrs["platform"] == "google-ads"
    assert list(df["campaign"]) == ["Brand", "Video"]
    assert list(df["platform"]) == ["Google Ads", "YouTube"]
    # no Day column: the rows take the first day of the range line
    assert set(df["date"]) == {pd.Timestamp("2024-03-01")}
    check(df, spend=1030.75, impressions=13100, clicks=311, conversions=1, revenue=45)


def test_text_longer_than_an_excel_cell_refused(tmp_path):
    p = tmp_path / "meta.csv"
    p.write_text("Reporting starts,Campaign name,Amount spent (USD)\n2024-01-01,A,1\n"
                 f"2024-01-02,{'x' * 32768},1\n", encoding="utf-8")
    with pytest.raises(ExportError, match="32,767-character") as err:
        read_export(p)
    assert (err.value.line, err.value.column) == (3, "Campaign name")


def test_texts_keep_leading_tab_and_formula_like_text(tmp_path):
    p = tmp_path / "meta.csv"
    p.write_text('Reporting starts,Campaign name,Amount spent (USD)\n'
                 '2024-01-01,"=HYPERLINK(""http://x"",""y"")",1\n'
                 '2024-01-01,"\t+tab",1\n2024-01-01,"\rcr",1\n', encoding="utf-8")
    df = read_export(p)
    assert list(df["campaign"]) == ['=HYPERLINK("http://x","y")', "\t+tab", "\rcr"]


# -- encodings and layouts ---------------------------------------------------------------

def test_linkedin_export_as_utf16_tabs_reads_the_same(tmp_path):
    text = (EXPORTS / "linkedin_campaigns.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    buf = io.StringIO()
    csv.writer(buf, delimiter="\t", lineterminator="\r\n").writerows(rows)
    p = tmp_path / "li.tsv"
    p.write_bytes(buf.getvalue().encode("utf-16"))
    a = read_export(EXPORTS / "linkedin_campaigns.csv")
    b = read_export(p)
    pd.testing.assert_frame_equal(a, b, check_like=False)


def test_windows_1252_export(tmp_path):
    p = tmp_path / "fr.csv"
    p.write_bytes("Début des rapports;Nom de la campagne;Montant dépensé (EUR)\n"
                  "2024-01-01;Opération été;12,50\n".encode("cp1252"))
    df = read_export(p)
    assert df["campaign"].iloc[0] == "Opération été" and df["spend"].iloc[0] == 12.5


def test_ga4_stops_at_the_end_of_the_first_table(tmp_path):
    p = tmp_path / "ga4.csv"
    p.write_text(
        "# Start date: 20240101\n"
        "Session source / medium,Sessions,Key events,Total revenue\n"
        "facebook / cpc,10,1,5\n"
        "\n"
        "# ----------------------------------------\n"
        "Nth day,Sessions,Extra,Columns,Here,And,More\n"
        "0000,1,2,3,4,5,6\n",
        encoding="utf-8",
    )
    df = read_export(p)
    assert len(df) == 1 and df["clicks"].iloc[0] == 10


def test_hash_at_line_start_is_a_campaign_name_outside_ga4(tmp_path):
    p = tmp_path / "gads.csv"
    p.write_text("Campaign report\nMarch 1, 2024 - March 1, 2024\n"
                 "Campaign,Cost,Impr.,Clicks\n#1 Brand,10.00,100,5\nOther,1.00,10,1\n",
                 encoding="utf-8")
    assert list(read_export(p)["campaign"]) == ["#1 Brand", "Other"]


def test_bad_number_in_xlsx_names_sheet_row(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Report"])
    ws.append(["Reporting starts", "Campaign name", "Amount spent (EUR)"])
    ws.append(["2024-01-01", "A", 12.5])
    ws.append(["2024-01-02", "B", "zwölf"])
    p = tmp_path / "meta.xlsx"
    wb.save(p)
    with pytest.raises(ExportError) as err:
        read_export(p)
    assert (err.value.line, err.value.column) == (4, "Amount spent (EUR)")


def test_xlsx_date_cells(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Day", "Campaign name", "Amount spent (USD)"])
    ws.append([dt.datetime(2024, 2, 29), "A", 1])
    p = tmp_path / "meta.xlsx"
    wb.save(p)
    assert read_export(p)["date"].iloc[0] == pd.Timestamp("2024-02-29")


@pytest.mark.parametrize("name", sorted(p.name for p in EXPORTS.iterdir()
                                        if p.suffix in (".csv", ".xlsx")))
def test_truncated_or_damaged_exports_fail_only_with_export_error(tmp_path, name):
    """Cut each fixture at a spread of byte offsets and flip bytes: the reader either
    reads what is there or raises ExportError, never anything else."""
    data = (EXPORTS / name).read_bytes()
    p = tmp_path / name
    cuts = sorted({1, 2, 3, 5, 17, len(data) // 3, len(data) // 2, len(data) - 1})
    damaged = [data[:n] for n in cuts]
    damaged += [data[: len(data) // 2] + bytes([b ^ 0x5A for b in data[len(data) // 2:][:64]])
                + data[len(data) // 2 + 64:]]
    for blob in damaged:
        p.write_bytes(blob)
        try:
            df = read_export(p)
        except ExportError as exc:
            assert str(exc).startswith(str(p))
            assert "\n" not in str(exc)
        else:
            assert list(df.columns) == list(COLUMNS)


def test_reports_without_a_date_column_are_dated_by_their_report_start(tmp_path):
    # A whole-period report (no day breakdown): LinkedIn's preamble says "Report Start:
    # 3/1/2024", Google Ads' second preamble line "March 1, 2024 - March 10, 2024".
    linkedin = tmp_path / "linkedin_period.csv"
    linkedin.write_text(
        "Campaign Performance Report (in UTC)\n"
        '"Report Start: 3/1/2024, 12:00 AM"\n"Report End: 3/31/2024, 11:59 PM"\n\n'
        '"Campaign Name","Total Spent","Impressions","Clicks","Leads"\n'
        '"Q1 Lead Gen","120.00","3000","30","2"\n',
        encoding="utf-8",
    )
    google = tmp_path / "google_period.csv"
    google.write_bytes(
        (
            "Campaign report\nMarch 1, 2024 - March 10, 2024\n"
            "Campaign\tCost\tImpr.\tClicks\n"
            "Brand – Search\t1,010.50\t12,100\t301\n"
        ).encode("utf-16")
    )
    for path, platform in ((linkedin, "linkedin"), (google, "google-ads")):
        df = read_export(path, platform=platform)
        assert df["date"].tolist() == [pd.Timestamp("2024-03-01")], path.name
