"""Table reconstruction: format-blind, fed by any reader."""

from extract.tables.reconstruct import reconstruct

__all__ = ["reconstruct"]
