"""The contacts cache: saved, replaced, read back, on SQLite and PostgreSQL."""

from bot.answers.directory import Handle
from bot.store.backends import open_store

MAEL = Handle("mael-inizan", "mael.inizan", "m" * 26, "convention", "ok")
PAUL = Handle("paul-martin", "paul.martin", "p" * 26, "search", "deactivated")
GONE = Handle("gone", "", "", "yaml", "missing")


def test_contacts_survive_a_reopen_and_a_save_replaces_the_whole_list(store_url):
    store = open_store(store_url)
    try:
        assert store.contacts() == []
        store.save_contacts([PAUL, MAEL, GONE], now_s=100.0)
    finally:
        store.close()
    store = open_store(store_url)
    try:
        assert store.contacts() == [GONE, MAEL, PAUL]
        moved = Handle("mael-inizan", "mael", "n" * 26, "yaml", "ok")
        store.save_contacts([moved], now_s=200.0)  # Paul and gone left the knowledge
        assert store.contacts() == [moved]
    finally:
        store.close()
