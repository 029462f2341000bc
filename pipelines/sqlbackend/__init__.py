"""The ``sql`` backend: a whole graph compiled to SQL and run on one target (``compiler``)."""
