"""Sources to chunks: loaders, structure, metadata and chunking. Knows nothing of vectors or LLMs."""

# Every name is imported on first use (lazy_loader reads them from __init__.pyi): a command that
# needs only settings or messages does not load the PDF readers, Chroma or the model.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
