"""Arbitrary text and bytes as URLs, bodies and content types: a result, never an exception."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import adspixel

METHODS = st.sampled_from(["GET", "POST", "DELETE", "get", "PUT", ""]) | st.text(max_size=8)
URLS = st.one_of(
    st.text(max_size=200),
    st.builds(lambda tail: "/v22.0/" + tail, st.text(max_size=100)),
    st.builds(lambda q: "/v22.0/123?" + q, st.text(max_size=200)),
    st.builds(
        lambda q: "/v22.0/123/stats?" + q,
        st.text(alphabet='abcdefgimnorstu_=&%[]{}",.0123456789', max_size=200),
    ),
)
CONTENT_TYPES = (
    st.none()
    | st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json",
            "text/plain",
        ]
    )
    | st.text(max_size=40)
)
BODIES = (
    st.none()
    | st.text(max_size=300)
    | st.binary(max_size=300)
    | st.builds(lambda parts: "--x\r\n" + parts + "\r\n--x--\r\n", st.text(max_size=200))
)


@given(METHODS, URLS, BODIES, CONTENT_TYPES)
def test_anything_gives_a_result(method, url, body, content_type) -> None:
    result = adspixel.validate_http_request(method, url, body, content_type)
    for error in result.errors:
        assert error.message and error.graph_message().startswith("(#")
