"""The pure, vectorised metric core: numpy in, numpy out, Excel's error rules."""
