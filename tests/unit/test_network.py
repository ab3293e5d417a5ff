import certifi
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.service.network import bypassed, ca_file, proxy_for


@pytest.mark.parametrize(
    ("host", "no_proxy", "expected"),
    [
        ("mm.example.org", "", False),
        ("mm.example.org", "*", True),
        ("mm.example.org", "example.org", True),
        ("mm.example.org", ".example.org", True),
        ("mm.example.org", "*.example.org", True),
        ("mm.example.org", "other.org, example.org", True),
        ("mm.example.org", "ample.org", False),  # a suffix of the name, not a parent domain
        ("127.0.0.1", "localhost", False),  # names are not resolved
        ("10.1.2.3", "10.0.0.0/8", True),  # CIDR ranges, as in Kubernetes
        ("10.1.2.3", "192.168.0.0/16,10.1.2.3", True),
        ("172.16.0.1", "10.0.0.0/8", False),
        ("::1", "::1", True),
        ("[::1]", "::1/128", True),
        ("::1", "[::1]", True),
        ("2001:db8::5", "[2001:db8::]/32", True),
        ("2001:db9::5", "[2001:db8::]/32", False),
        ("2001:db8::5", "2001:db8::/32", True),
    ],
)
def test_no_proxy_names_domains_ips_and_ranges(host, no_proxy, expected):
    assert bypassed(host, no_proxy) is expected


@pytest.mark.parametrize(
    ("host", "no_proxy"),
    [
        ("mm.example.org", "mm.example.org:443"),
        ("mm.example.org", "mm.example.org:8065"),
        ("mm.example.org", ".example.org:1"),
        ("10.1.2.3", "10.1.2.3:443"),
        ("10.1.2.3", "10.0.0.0/8:443"),
        ("::1", "[::1]:8065"),
        ("[::1]", "[::1]:8065"),
    ],
)
def test_a_port_in_no_proxy_is_ignored_for_every_kind_of_entry(host, no_proxy):
    assert bypassed(host, no_proxy) is True


@pytest.mark.parametrize(
    ("host", "no_proxy", "expected"),
    [
        ("mm.example.org", "localhost example.org", True),
        ("mm.example.org", "localhost\texample.org", True),
        ("mm.example.org", " localhost ,\n example.org ", True),
        ("mm.example.org", "localhost , other.org", False),
        ("mm.example.org.", "example.org", True),
        ("mm.example.org", "example.org.", True),
        ("mm.example.org.", ".example.org.", True),
        ("mm.example.org", "localhost,*", True),  # `*` in a list bypasses everything, as in Go
        ("10.1.2.3", "localhost *", True),
        ("mm.example.org", "*example.org", True),
        ("mm.example.org", ",,  , .", False),
        ("mm.example.org", "[::1]junk", False),
        ("MM.Example.ORG", "EXAMPLE.org", True),
    ],
)
def test_no_proxy_separators_trailing_dots_star_and_case(host, no_proxy, expected):
    assert bypassed(host, no_proxy) is expected


def test_the_proxy_of_the_scheme_then_all_proxy_lower_case_first():
    env = {"HTTPS_PROXY": "http://upper:3128", "https_proxy": "http://lower:3128"}
    assert proxy_for("https", "mm.example.org", env) == "http://lower:3128"
    assert proxy_for("http", "mm.example.org", env) == ""
    assert (
        proxy_for("http", "mm.example.org", {"ALL_PROXY": "http://all:3128"}) == "http://all:3128"
    )


def test_an_empty_lower_case_proxy_leaves_the_upper_case_one():
    env = {"https_proxy": "  ", "HTTPS_PROXY": "http://upper:3128"}
    assert proxy_for("https", "mm.example.org", env) == "http://upper:3128"
    env = {"all_proxy": "http://lower:3128", "ALL_PROXY": "http://upper:3128"}
    assert proxy_for("https", "mm.example.org", env) == "http://lower:3128"


def test_no_proxy_wins_over_the_proxy():
    env = {"HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": "10.0.0.0/8"}
    assert proxy_for("https", "10.20.30.40", env) == ""
    assert proxy_for("https", "mm.example.org", env) == "http://proxy:3128"


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [
        ("example.org", "other.org", ""),  # lower case set: it wins
        ("other.org", "example.org", "http://proxy:3128"),  # lower case set: upper case unread
        ("", "example.org", ""),  # lower case empty: upper case read
        ("  ", "example.org", ""),
        ("", "other.org", "http://proxy:3128"),
    ],
)
def test_lower_case_no_proxy_wins_when_set_and_not_empty(lower, upper, expected):
    env = {"https_proxy": "http://proxy:3128", "no_proxy": lower, "NO_PROXY": upper}
    assert proxy_for("https", "mm.example.org", env) == expected


@pytest.mark.parametrize(
    "value",
    [
        "proxy:3128",
        "socks5://proxy:1080",
        "ftp://proxy:21",
        "http://",
        "http://:3128",
        "http://user:pw@",
        "http://p:99999",
        "http://p:65536",
        "http://127.0.0.1:0",
        "http://p:port",
        "http://pr oxy:3128",
        "http://proxy :3128",
        "http://pr\toxy:3128",
        "http://pr\noxy:3128",
        "http://pr\x01oxy:3128",
        "http://[::1:3128",
    ],
)
def test_a_proxy_that_can_never_work_names_its_variable_in_french(value):
    with pytest.raises(
        ValueError,
        match=r"^https_proxy invalide : attendu une adresse comme http://proxy\.example\.org:3128\.$",
    ):
        proxy_for("https", "mm.example.org", {"https_proxy": value})


@pytest.mark.parametrize(
    "value",
    [
        "http://proxy:3128",
        "https://proxy.example.org",
        "http://agent:px-secret@proxy:3128",
        "http://127.0.0.1:1",
        "http://[::1]:65535",
    ],
)
def test_a_working_proxy_is_returned_as_given(value):
    assert proxy_for("https", "mm.example.org", {"HTTPS_PROXY": value}) == value


def test_the_variable_named_is_the_one_that_is_wrong():
    with pytest.raises(ValueError, match=r"^ALL_PROXY invalide : "):
        proxy_for("http", "mm.example.org", {"ALL_PROXY": "http://127.0.0.1:0"})


def test_a_valid_pem_file_is_accepted_and_no_variable_means_no_file():
    assert ca_file({"MATTERMOST_CA_FILE": certifi.where()}) == certifi.where()
    assert ca_file({"MATTERMOST_CA_FILE": f"  {certifi.where()} "}) == certifi.where()
    assert ca_file({}) == ""
    assert ca_file({"MATTERMOST_CA_FILE": "  "}) == ""


@pytest.mark.parametrize(
    "content",
    [b"", b"not a certificate\n", b"-----BEGIN CERTIFICATE-----\n", b"\x00\xff" * 64],
)
def test_a_file_that_is_not_a_pem_certificate_is_refused_in_french(tmp_path, content):
    pem = tmp_path / "ac.pem"
    pem.write_bytes(content)
    with pytest.raises(ValueError, match=r"^MATTERMOST_CA_FILE invalide : ") as refused:
        ca_file({"MATTERMOST_CA_FILE": str(pem)})
    assert str(refused.value) == (
        f"MATTERMOST_CA_FILE invalide : {pem} n'est pas un certificat PEM lisible ; "
        "attendu le chemin d'un certificat d'autorité au format PEM."
    )


def test_a_missing_file_or_a_directory_is_refused(tmp_path):
    for path in (tmp_path / "absent.pem", tmp_path):
        with pytest.raises(ValueError, match=r"^MATTERMOST_CA_FILE invalide : ") as refused:
            ca_file({"MATTERMOST_CA_FILE": str(path)})
        assert str(refused.value) == (
            f"MATTERMOST_CA_FILE invalide : {path} n'est pas un certificat PEM lisible ; "
            "attendu le chemin d'un certificat d'autorité au format PEM."
        )


@pytest.mark.parametrize("name", ["a" * 5000, "b" * 300 + "/ac.pem", "ac\x00.pem"])
def test_an_impossible_path_is_refused_on_one_line_without_a_traceback(tmp_path, name):
    path = f"{tmp_path}/{name}"
    with pytest.raises(ValueError, match=r"^MATTERMOST_CA_FILE invalide : ") as refused:
        ca_file({"MATTERMOST_CA_FILE": path})
    message = str(refused.value)
    assert message.startswith("MATTERMOST_CA_FILE invalide : ")
    assert message.endswith(
        " n'est pas un certificat PEM lisible ; "
        "attendu le chemin d'un certificat d'autorité au format PEM."
    )
    assert "\n" not in message
    assert "\x00" not in message
    assert len(message) < 400


_NAMES = ["no_proxy", "NO_PROXY", "https_proxy", "HTTPS_PROXY", "http_proxy", "ALL_PROXY"]


@given(host=st.text(), no_proxy=st.text())
def test_bypassed_never_raises_on_any_text(host, no_proxy):
    assert bypassed(host, no_proxy) in (True, False)


@given(
    scheme=st.sampled_from(["http", "https"]),
    host=st.text(),
    env=st.dictionaries(
        st.sampled_from(_NAMES),
        st.one_of(
            st.text(),
            st.from_regex(r"\Ahttps?://[^/]{0,30}(:[0-9]{0,6})?\Z"),
            st.builds(lambda tail: "http://[" + tail, st.text()),
        ),
    ),
)
def test_proxy_for_only_ever_raises_the_french_value_error(scheme, host, env):
    try:
        outcome = proxy_for(scheme, host, env)
    except ValueError as error:
        outcome = str(error)
    refusals = {
        f"{name} invalide : attendu une adresse comme http://proxy.example.org:3128."
        for name in _NAMES
    }
    assert outcome in {"", *refusals, *(value.strip() for value in env.values())}
