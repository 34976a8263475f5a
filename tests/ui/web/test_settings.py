"""The web shell's settings: PAPERCHAT_UI__* lists, logins, and who is an admin."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperchat.ui.web.settings import UISettings


def test_lists_come_comma_separated_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERCHAT_UI__ADMINS", "alice, bob")
    monkeypatch.setenv("PAPERCHAT_UI__FOLDER_ROOTS", "/srv/papers,/data/shared")
    monkeypatch.setenv("PAPERCHAT_UI__AUTH", "alice:s3:cret,bob:pw")
    ui = UISettings(_env_file=None)
    assert ui.admins == ["alice", "bob"] and ui.folder_roots == [Path("/srv/papers"), Path("/data/shared")]
    assert ui.logins() == [("alice", "s3:cret"), ("bob", "pw")]  # a password may hold ':'


def test_a_login_needs_user_and_password() -> None:
    for bad in ("ana", ":pw", "ana:"):
        with pytest.raises(ValueError, match="USER:PASSWORD"):
            UISettings(_env_file=None, auth=[bad]).logins()


def test_with_logins_only_named_admins_may_change_the_library() -> None:
    ui = UISettings(_env_file=None, auth=["alice:a", "bob:b"], admins=["alice"])
    assert ui.is_admin("alice") and not ui.is_admin("bob") and not ui.is_admin(None)
    assert not UISettings(_env_file=None, auth=["alice:a"]).is_admin("alice")  # no admin list: nobody


def test_without_logins_only_the_local_user_is_admin() -> None:
    assert UISettings(_env_file=None, host="127.0.0.1").is_admin(None)
    assert not UISettings(_env_file=None, host="0.0.0.0").is_admin(None)
