"""The version of the sgpay Python package (kept equal to the native library's)."""

__version__ = "0.1.0"
