"""The pytest plugin as another project's test suite meets it (run with pytester)."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def test_fixture_and_helpers_pass_and_fail_with_the_errors(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from adspixel.pytest_plugin import assert_valid_request

        def test_good(adspixel_contract):
            adspixel_contract.assert_valid_request("update", {"name": "x"})
            assert adspixel_contract.assert_valid_http_request("GET", "/v22.0/1?fields=id") == "read"
            adspixel_contract.assert_valid_response("create", {"id": "1"})

        def test_bad_request(adspixel_contract):
            adspixel_contract.assert_valid_request("update", {"data_use_setting": "BOGUS", "nmae": 1})

        def test_bad_wire():
            from adspixel.pytest_plugin import assert_valid_http_request
            assert_valid_http_request("GET", "/v22.0/1?fields=nmae")

        def test_unknown_field_strict(adspixel_contract):
            adspixel_contract.assert_valid_response("read", {"id": "1", "later": 1})

        def test_strategies(adspixel_contract):
            from hypothesis import given, settings

            @settings(max_examples=5)
            @given(adspixel_contract.strategies.requests("update"))
            def run(params):
                assert_valid_request("update", params)

            run()
        """
    )
    result = pytester.runpytest("--adspixel-strict", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=3)
    result.stdout.fnmatch_lines(
        [
            "*invalid request (update): 2 error(s)*",
            "*/nmae  [[]unknown_parameter[]]  /nmae: not a parameter of this operation*",
            "*/data_use_setting  [[]enum[]]*must be one of {EMPTY, ADVERTISING_AND_ANALYTICS, ANALYTICS_ONLY}*",
            "*Graph would answer: (#100) Param nmae is not a valid parameter*",
            "*Tried accessing nonexisting field (nmae) on node type (AdsPixel)*",
            "*/later  [[]unknown_field[]]*",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_without_strict_unknown_fields_pass(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_open(adspixel_contract):
            adspixel_contract.assert_valid_response("read", {"id": "1", "later": 1})
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
