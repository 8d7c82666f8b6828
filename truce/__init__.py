"""Truce: a ceasefire monitoring system.

The cores (``gazetteer``, ``geo``, ``report``, ``packs``, ``mandate``) take and return the model objects
of ``truce.model``; only ``truce.store`` talks to a database; ``truce.cli`` is the command line.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
