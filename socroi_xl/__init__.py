"""socroi_xl: measure the return on social-media marketing in Excel and from Python."""

__version__ = "0.1.0"
