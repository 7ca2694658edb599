"""The generated pydantic v2 models, one per schema of the spec and per operation request.

Importing this module imports pydantic (~0.1 s), which is why ``import
adspixel`` does not: it is loaded when first used (``adspixel.models`` or
:func:`adspixel.parse_response`).
"""

from adspixel._generated.models import *  # noqa: F403
