"""adspixel."""
