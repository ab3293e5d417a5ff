import pytest

from bot.network import bypassed, ca_file, proxy_for


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
        ("mm.example.org", "mm.example.org:443", True),
        ("10.1.2.3", "10.0.0.0/8", True),  # CIDR ranges, as in Kubernetes
        ("10.1.2.3", "192.168.0.0/16,10.1.2.3", True),
        ("172.16.0.1", "10.0.0.0/8", False),
        ("::1", "::1", True),
        ("[::1]", "::1/128", True),
        ("127.0.0.1", "localhost", False),  # names are not resolved
    ],
)
def test_no_proxy_names_domains_ips_and_ranges(host, no_proxy, expected):
    assert bypassed(host, no_proxy) is expected


def test_the_proxy_of_the_scheme_then_all_proxy_lower_case_first():
    env = {"HTTPS_PROXY": "http://upper:3128", "https_proxy": "http://lower:3128"}
    assert proxy_for("https", "mm.example.org", env) == "http://lower:3128"
    assert proxy_for("http", "mm.example.org", env) == ""
    assert (
        proxy_for("http", "mm.example.org", {"ALL_PROXY": "http://all:3128"}) == "http://all:3128"
    )


def test_no_proxy_wins_over_the_proxy():
    env = {"HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": "10.0.0.0/8"}
    assert proxy_for("https", "10.20.30.40", env) == ""
    assert proxy_for("https", "mm.example.org", env) == "http://proxy:3128"


@pytest.mark.parametrize(
    "value", ["proxy:3128", "socks5://proxy:1080", "http://", "http://p:99999"]
)
def test_a_malformed_proxy_names_its_variable_in_french(value):
    with pytest.raises(ValueError, match=r"^https_proxy invalide : attendu une adresse comme"):
        proxy_for("https", "mm.example.org", {"https_proxy": value})


def test_the_ca_file_must_exist(tmp_path):
    pem = tmp_path / "ac.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\n")
    assert ca_file({"MATTERMOST_CA_FILE": str(pem)}) == str(pem)
    assert ca_file({}) == ""
    with pytest.raises(ValueError, match=r"^MATTERMOST_CA_FILE invalide : .*absent\.pem n'est pas"):
        ca_file({"MATTERMOST_CA_FILE": str(tmp_path / "absent.pem")})
