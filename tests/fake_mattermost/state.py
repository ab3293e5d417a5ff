"""In-memory Mattermost world: users, one team, channels, posts and slash commands.

Pure data, no networking: the REST routes, the websocket hub and the test controls all go
through `World`, which validates like the real server and raises `ApiError` otherwise.
"""

from __future__ import annotations

import copy
import json
import random
import re
import time
from typing import Any

ID_ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769"  # Mattermost's base32 alphabet for NewId()
ID_RE = re.compile(r"^[a-z0-9]{26}$")
MESSAGE_MAX_RUNES = 16383  # model.PostMessageMaxRunesV2
MENTION_RE = re.compile(r"(?<![\w@])@([a-z0-9][a-z0-9._\-]*)", re.IGNORECASE)
CHANNEL_MENTION_RE = re.compile(r"(?<!\w)~([a-z0-9][a-z0-9_\-]*)", re.IGNORECASE)
SPECIAL_MENTIONS = ("channel", "all", "here")

Json = dict[str, Any]


class ApiError(Exception):
    """An error the real server would answer with its JSON error body."""

    def __init__(self, status: int, error_id: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_id = error_id
        self.message = message

    def body(self, request_id: str) -> Json:
        return {
            "id": self.error_id,
            "message": self.message,
            "detailed_error": "",
            "request_id": request_id,
            "status_code": self.status,
            "is_oauth": False,
        }


def forbidden() -> ApiError:
    return ApiError(
        403,
        "api.context.permissions.app_error",
        "You do not have the appropriate permissions.",
    )


def not_found(what: str) -> ApiError:
    return ApiError(404, f"app.{what}.missing.app_error", f"Unable to find the existing {what}.")


def bad_param(name: str) -> ApiError:
    return ApiError(
        400,
        "api.context.invalid_body_param.app_error",
        f"Invalid or missing {name} in request body.",
    )


def dumps(value: Any) -> str:
    """Compact JSON, as Go's encoding/json writes it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# What the server does not scan for mentions: it parses the Markdown and reads only its text
# nodes (app/notification.go getExplicitMentions → markdown.Inspect): code blocks, code spans,
# link destinations and autolinks' URLs are not text.
_FENCED_CODE = re.compile(r"^ *(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ *\1 *$|\Z)", re.MULTILINE)
_INLINE_CODE = re.compile(r"(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)")
_LINK_DESTINATION = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<[a-z][a-z0-9+.-]*:[^\s<>]*>", re.IGNORECASE)


def mention_text(message: str) -> str:
    """The text a mention can be found in: the message without code and link targets."""
    text = _INLINE_CODE.sub(" ", _FENCED_CODE.sub(" ", message))
    return _AUTOLINK.sub(" ", _LINK_DESTINATION.sub("] ", text))


def mentioned_usernames(message: str) -> list[str]:
    """Usernames @-mentioned in a message, lower-cased, a trailing dot dropped, in order.

    Only in the Markdown's text, as the real server: `[name](/team/messages/@bob)` does not
    mention bob, `[@bob](url)` and `@bob` do.
    """
    names: list[str] = []
    for raw in MENTION_RE.findall(mention_text(message)):
        name = raw.lower().rstrip(".-_")
        if name and name not in names:
            names.append(name)
    return names


class World:
    """Users, one team, channels, posts and commands, with Mattermost's rules."""

    def __init__(self, team_name: str = "betagouv", seed: int = 0) -> None:
        self._rng = random.Random(seed)  # noqa: S311  deterministic ids, not security
        self._last_ms = 0
        self.users: dict[str, Json] = {}
        self.tokens: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.team_members: list[str] = []  # user ids in the one team
        self.channels: dict[str, Json] = {}
        self.posts: dict[str, Json] = {}
        self.threads: dict[str, list[Json]] = {}  # root id → root then replies, oldest first
        self.by_channel: dict[str, list[Json]] = {}  # channel id → posts, oldest first
        self.commands: dict[str, Json] = {}
        self.reactions: list[Json] = []  # every Reaction on any post, as app/reaction.go keeps
        self.command_managers: set[str] = set()
        self.profile_images: dict[str, bytes] = {}  # user id → the last image uploaded
        self.ephemeral_posters: set[str] = set()  # granted create_post_ephemeral (not admins)
        self.ephemeral_posts: list[tuple[str, Json]] = []  # (recipient id, post), never stored
        now = self.now_ms()
        self.team: Json = {
            "id": self.new_id(),
            "create_at": now,
            "update_at": now,
            "delete_at": 0,
            "display_name": "beta.gouv.fr",
            "name": team_name,
            "description": "",
            "email": "",
            "type": "O",
            "company_name": "",
            "allowed_domains": "",
            "invite_id": self.new_id(),
            "allow_open_invite": False,
            "scheme_id": None,
            "group_constrained": None,
            "policy_id": None,
        }

    def new_id(self) -> str:
        return "".join(self._rng.choice(ID_ALPHABET) for _ in range(26))

    def now_ms(self) -> int:
        """Milliseconds since the epoch, strictly increasing across calls."""
        self._last_ms = max(int(time.time() * 1000), self._last_ms + 1)
        return self._last_ms

    # users ---------------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        token: str | None = None,
        is_bot: bool = False,
        roles: str = "",
        first_name: str | None = None,
        last_name: str = "",
    ) -> Json:
        if self.find_user(username) is not None:
            raise ValueError(f"user {username!r} already exists")
        now = self.now_ms()
        user: Json = {
            "id": self.new_id(),
            "create_at": now,
            "update_at": now,
            "delete_at": 0,
            "username": username.lower(),
            "auth_data": "",
            "auth_service": "",
            "email": f"{username.lower()}@beta.gouv.fr",
            "nickname": "",
            "first_name": username.capitalize() if first_name is None else first_name,
            "last_name": last_name,
            "position": "",
            "roles": roles or "system_user",
            "locale": "fr",
            "timezone": {
                "automaticTimezone": "Europe/Paris",
                "manualTimezone": "",
                "useAutomaticTimezone": "true",
            },
            "disable_welcome_email": False,
        }
        if is_bot:
            user["is_bot"] = True
            user["bot_description"] = ""
        self.users[user["id"]] = user
        self.tokens[token or f"{username.lower()}-token"] = user["id"]
        self.team_members.append(user["id"])
        return user

    def deactivate(self, username: str) -> Json:
        """Deactivate an account as the System Console does: `delete_at` set, data kept."""
        user = self.user(username)
        user["delete_at"] = user["update_at"] = self.now_ms()
        return user

    def search_users(self, term: str, allow_inactive: bool, limit: int) -> list[Json]:
        """As `POST /users/search`: every word of `term` starts the username, first name,
        last name or nickname (case-insensitive, accents kept, as SQL LIKE), sorted by username.
        """
        words = term.lower().split()
        found = [
            u
            for u in self.users.values()
            if (allow_inactive or not u["delete_at"])
            and words
            and all(
                any(
                    field.startswith(w)
                    for field in (
                        u["username"],
                        u["first_name"].lower(),
                        u["last_name"].lower(),
                        u["nickname"].lower(),
                    )
                )
                for w in words
            )
        ]
        return sorted(found, key=lambda u: u["username"])[:limit]

    def find_user(self, username_or_id: str) -> Json | None:
        key = username_or_id.lower().lstrip("@")
        if key in self.users:
            return self.users[key]
        return next((u for u in self.users.values() if u["username"] == key), None)

    def user(self, username_or_id: str) -> Json:
        user = self.find_user(username_or_id)
        if user is None:
            raise not_found("user")
        return user

    def user_for_token(self, token: str) -> Json | None:
        user_id = self.tokens.get(token)
        return self.users.get(user_id) if user_id else None

    def is_bot(self, user_id: str) -> bool:
        return bool(self.users.get(user_id, {}).get("is_bot"))

    # channels ------------------------------------------------------------------------------

    def add_channel(
        self, name: str, member_ids: list[str], type_: str = "O", display_name: str | None = None
    ) -> Json:
        if type_ not in ("O", "P", "D", "G"):
            raise ValueError(f"channel type {type_!r} is not O, P, D or G")
        if type_ in ("O", "P") and self.find_channel(name) is not None:
            raise ValueError(f"channel {name!r} already exists")
        now = self.now_ms()
        channel: Json = {
            "id": self.new_id(),
            "create_at": now,
            "update_at": now,
            "delete_at": 0,
            "team_id": self.team["id"] if type_ in ("O", "P") else "",
            "type": type_,
            "display_name": display_name if display_name is not None else name,
            "name": name,
            "header": "",
            "purpose": "",
            "last_post_at": 0,
            "total_msg_count": 0,
            "extra_update_at": 0,
            "creator_id": member_ids[0] if member_ids and type_ != "D" else "",
            "scheme_id": None,
            "props": None,
            "group_constrained": None,
            "shared": None,
            "total_msg_count_root": 0,
            "policy_id": None,
            "last_root_post_at": 0,
        }
        self.channels[channel["id"]] = channel
        self.members[channel["id"]] = list(dict.fromkeys(member_ids))
        return channel

    def find_channel(self, name_or_id: str) -> Json | None:
        if name_or_id in self.channels:
            return self.channels[name_or_id]
        key = name_or_id.lstrip("~")
        return next((c for c in self.channels.values() if c["name"] == key), None)

    def channel(self, name_or_id: str) -> Json:
        channel = self.find_channel(name_or_id)
        if channel is None:
            raise not_found("channel")
        return channel

    def is_member(self, channel_id: str, user_id: str) -> bool:
        return user_id in self.members.get(channel_id, [])

    def can_read(self, channel: Json, user_id: str) -> bool:
        return channel["type"] == "O" or self.is_member(channel["id"], user_id)

    def channels_of(self, user_id: str, team_id: str | None = None) -> list[Json]:
        """Channels the user belongs to; with a team, that team's plus every DM and GM."""
        found = [c for c in self.channels.values() if self.is_member(c["id"], user_id)]
        if team_id is not None:
            found = [c for c in found if c["team_id"] in (team_id, "")]
        return found

    def direct_channel(self, first_id: str, second_id: str) -> tuple[Json, bool]:
        """The DM channel of two users, created when missing; True when it was created."""
        name = "__".join(sorted((first_id, second_id)))
        existing = next(
            (c for c in self.channels.values() if c["type"] == "D" and c["name"] == name), None
        )
        if existing is not None:
            return existing, False
        return self.add_channel(name, [first_id, second_id], "D", display_name=""), True

    # posts ---------------------------------------------------------------------------------

    def create_post(
        self,
        user_id: str,
        channel_id: str,
        message: str,
        root_id: str = "",
        props: Json | None = None,
        file_ids: list[str] | None = None,
    ) -> Json:
        """Store a new post, checking what the real server checks (403 and 400 errors)."""
        if not channel_id:
            raise bad_param("channel_id")
        channel = self.channels.get(channel_id)
        if channel is None or not self.is_member(channel_id, user_id):
            raise forbidden()
        if len(message) > MESSAGE_MAX_RUNES:
            raise ApiError(
                400,
                "model.post.is_valid.message_length.app_error",
                "Invalid Message property length.",
            )
        root = self.posts.get(root_id) if root_id else None
        if root_id and (root is None or root["channel_id"] != channel_id or root["root_id"]):
            raise ApiError(
                400, "api.post.create_post.root_id.app_error", "Invalid RootId parameter."
            )
        props = dict(props or {})
        if self.is_bot(user_id):
            props["from_bot"] = "true"  # as the real server does for bot accounts (app/post.go)
        now = self.now_ms()
        post: Json = {
            "id": self.new_id(),
            "create_at": now,
            "update_at": now,
            "edit_at": 0,
            "delete_at": 0,
            "is_pinned": False,
            "user_id": user_id,
            "channel_id": channel_id,
            "root_id": root_id,
            "original_id": "",
            "message": message,
            "type": "",
            "props": props,
            "hashtags": " ".join(re.findall(r"(?<!\w)#\w{3,}", message)),
            "pending_post_id": "",
            "reply_count": 0,
            "last_reply_at": 0,
            "participants": None,
            "metadata": {},
        }
        if file_ids:
            post["file_ids"] = list(file_ids)
        if root is not None:
            root["reply_count"] += 1
            root["last_reply_at"] = now
            post["reply_count"] = root["reply_count"]
        self.posts[post["id"]] = post
        self.threads.setdefault(root_id or post["id"], []).append(post)
        self.by_channel.setdefault(channel_id, []).append(post)
        channel["last_post_at"] = now
        channel["total_msg_count"] += 1
        return post

    def edit_post(self, post_id: str, message: str) -> Json:
        post = self.posts.get(post_id)
        if post is None:
            raise not_found("post")
        now = self.now_ms()
        post.update(message=message, edit_at=now, update_at=now)
        return post

    def thread(self, post_id: str) -> list[Json]:
        """The root of the post's thread followed by its replies, oldest first."""
        post = self.posts.get(post_id)
        if post is None:
            raise not_found("post")
        root_id = post["root_id"] or post["id"]
        return list(self.threads.get(root_id, []))

    def channel_posts(self, channel_id: str) -> list[Json]:
        return list(self.by_channel.get(channel_id, []))

    def mentioned_ids(self, post: Json) -> set[str]:
        """Users a post notifies: @username, @channel/@all/@here, the other side of a DM."""
        channel = self.channels[post["channel_id"]]
        members = self.members[channel["id"]]
        names = mentioned_usernames(post["message"])
        ids = {u["id"] for u in self.users.values() if u["username"] in names}
        if any(n in SPECIAL_MENTIONS for n in names) and channel["type"] in ("O", "P"):
            ids |= set(members)
        if channel["type"] == "D":
            ids |= set(members)
        ids &= set(members)
        ids.discard(post["user_id"])
        return ids

    # commands ------------------------------------------------------------------------------

    def add_command(self, creator_id: str, body: Json) -> Json:
        trigger = self._valid_trigger(body, "")
        now = self.now_ms()
        command = self._command_fields(body) | {
            "id": self.new_id(),
            "token": self.new_id(),
            "create_at": now,
            "update_at": now,
            "delete_at": 0,
            "creator_id": creator_id,
            "team_id": self.team["id"],
            "trigger": trigger,
        }
        self.commands[command["id"]] = command
        return command

    def update_command(self, command_id: str, body: Json) -> Json:
        command = self.commands.get(command_id)
        if command is None:
            raise not_found("command")
        if body.get("id", command_id) != command_id:
            raise bad_param("command.id")
        trigger = self._valid_trigger(body, command_id)
        command.update(self._command_fields(body), trigger=trigger, update_at=self.now_ms())
        return command

    def ephemeral_post(self, sender_id: str, recipient_id: str, body: Json) -> Json:
        """What SendEphemeralPost returns: a post only `recipient_id` sees, kept nowhere else."""
        now = self.now_ms()
        post: Json = {
            "id": self.new_id(),
            "create_at": now,
            "update_at": now,
            "edit_at": 0,
            "delete_at": 0,
            "is_pinned": False,
            "user_id": sender_id,
            "channel_id": str(body.get("channel_id") or ""),
            "root_id": str(body.get("root_id") or ""),
            "original_id": "",
            "message": str(body.get("message") or ""),
            "type": "system_ephemeral",
            "props": body.get("props") if isinstance(body.get("props"), dict) else {},
            "hashtags": "",
            "pending_post_id": "",
            "reply_count": 0,
            "metadata": {},
        }
        self.ephemeral_posts.append((recipient_id, post))
        return post

    # bots ----------------------------------------------------------------------------------

    def patch_bot(self, bot_id: str, body: Json) -> Json:
        """The server's BotPatch: username, display_name, description; returns the Bot."""
        user = self.users[bot_id]
        if "display_name" in body:
            user["first_name"] = str(body["display_name"] or "")  # a bot's display name
        if "description" in body:
            user["bot_description"] = str(body["description"] or "")
        if body.get("username"):
            user["username"] = str(body["username"]).lower()
        user["update_at"] = self.now_ms()
        return {
            "user_id": user["id"],
            "username": user["username"],
            "display_name": user["first_name"],
            "description": user["bot_description"],
            "owner_id": "",
            "create_at": user["create_at"],
            "update_at": user["update_at"],
            "delete_at": 0,
        }

    def _valid_trigger(self, body: Json, command_id: str) -> str:
        if body.get("team_id") != self.team["id"]:
            raise bad_param("team_id")
        trigger = str(body.get("trigger") or "").lower()
        if not trigger or trigger.startswith("/") or " " in trigger or len(trigger) > 128:
            raise ApiError(400, "model.command.is_valid.trigger.app_error", "Invalid trigger.")
        if not str(body.get("url") or "").startswith(("http://", "https://")):
            raise ApiError(400, "model.command.is_valid.url.app_error", "Invalid URL.")
        if body.get("method") not in ("P", "G"):
            raise ApiError(400, "model.command.is_valid.method.app_error", "Invalid Method.")
        if any(c["trigger"] == trigger and c["id"] != command_id for c in self.commands.values()):
            raise ApiError(
                400, "api.command.duplicate_trigger.app_error", "This trigger word is already used."
            )
        return trigger

    @staticmethod
    def _command_fields(body: Json) -> Json:
        return {
            "url": str(body.get("url") or ""),
            "method": body.get("method", "P"),
            "username": str(body.get("username") or ""),
            "icon_url": str(body.get("icon_url") or ""),
            "auto_complete": bool(body.get("auto_complete", False)),
            "auto_complete_desc": str(body.get("auto_complete_desc") or ""),
            "auto_complete_hint": str(body.get("auto_complete_hint") or ""),
            "display_name": str(body.get("display_name") or ""),
            "description": str(body.get("description") or ""),
            "plugin_id": "",
        }


def snapshot(value: Json) -> Json:
    """A deep copy, so that callers never hold the world's mutable dicts."""
    return copy.deepcopy(value)


def post_list(posts: list[Json]) -> Json:
    """A PostList body: newest first in `order`, like the real server."""
    ordered = sorted(posts, key=lambda p: p["create_at"], reverse=True)
    return {
        "order": [p["id"] for p in ordered],
        "posts": {p["id"]: p for p in ordered},
        "next_post_id": "",
        "prev_post_id": "",
        "has_next": False,
    }


# reactions (model.Reaction; app/reaction.go SaveReactionForPost / DeleteReactionForPost) -------


def save_reaction(world: World, user_id: str, post_id: str, emoji_name: str) -> Json:
    """The user's reaction on a post they can read, as the server stores and broadcasts it."""
    post = world.posts[post_id]
    assert world.is_member(post["channel_id"], user_id), "only a member may react"
    now = world.now_ms()
    reaction: Json = {
        "user_id": user_id,
        "post_id": post_id,
        "emoji_name": emoji_name,
        "create_at": now,
        "update_at": now,
        "delete_at": 0,
        "remote_id": "",
        "channel_id": post["channel_id"],
    }
    world.reactions = [
        r
        for r in world.reactions
        if (r["user_id"], r["post_id"], r["emoji_name"]) != (user_id, post_id, emoji_name)
    ] + [reaction]
    return reaction


def delete_reaction(world: World, user_id: str, post_id: str, emoji_name: str) -> Json:
    """Remove the user's reaction; the deleted Reaction (the server sends it as it was)."""
    key = (user_id, post_id, emoji_name)
    found = next(r for r in world.reactions if (r["user_id"], r["post_id"], r["emoji_name"]) == key)
    world.reactions.remove(found)
    return found
