"""nrwkg: a knowledge graph of North Rhine-Westphalia's industrial policy.

Every fact is curated from a source text with a verbatim quote; the build checks each quote
against the stored text and records it as a W3C Web Annotation.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
