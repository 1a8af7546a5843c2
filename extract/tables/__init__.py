"""Table reconstruction: format-blind, fed by any reader."""

from phuluc.extract.tables.reconstruct import reconstruct

__all__ = ["reconstruct"]
