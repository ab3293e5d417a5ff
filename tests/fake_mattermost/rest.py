"""REST v4 routes of the fake, with the real bodies, status codes and bare JSON content type."""

from __future__ import annotations

import email.parser
import email.policy
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .hub import broadcast
from .state import (
    ApiError,
    Json,
    World,
    bad_param,
    dumps,
    forbidden,
    not_found,
    post_list,
    snapshot,
)

if TYPE_CHECKING:
    from .server import FakeMattermost

API = "/api/v4"
USER_KEY = web.RequestKey("fake_user", dict)
SESSION_EXPIRED = ApiError(
    401,
    "api.context.session_expired.app_error",
    "Invalid or expired session, please login again.",
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A JSON response with `Content-Type: application/json` exactly, as Mattermost sends it."""
    return web.Response(
        body=dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def error_response(error: ApiError, request_id: str) -> web.Response:
    return json_response(error.body(request_id), error.status, {"X-Request-Id": request_id})


async def _json_body(request: web.Request, name: str) -> Any:
    try:
        return json.loads(await request.read() or b"null")
    except ValueError:
        raise bad_param(name) from None


def _me(request: web.Request) -> Json:
    user: Json = request[USER_KEY]
    return user


def _user_id(request: web.Request, key: str = "user_id") -> str:
    raw = request.match_info[key]
    return _me(request)["id"] if raw == "me" else raw


class Rest:
    """The REST v4 endpoints, reading and changing the shared `World`."""

    def __init__(self, fake: FakeMattermost) -> None:
        self.fake = fake
        self.world: World = fake.world

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get(f"{API}/users/me", self.get_me),
            web.get(f"{API}/users/username/{{username}}", self.get_user_by_username),
            web.post(f"{API}/users/usernames", self.get_users_by_usernames),
            web.post(f"{API}/users/ids", self.get_users_by_ids),
            web.get(f"{API}/users/{{user_id}}/teams/{{team_id}}/channels", self.get_team_channels),
            web.get(f"{API}/users/{{user_id}}/channels", self.get_user_channels),
            web.get(f"{API}/users/{{user_id}}", self.get_user),
            web.get(f"{API}/teams/name/{{team}}/channels/name/{{name}}", self.get_channel_by_names),
            web.get(f"{API}/teams/name/{{team}}", self.get_team_by_name),
            web.get(f"{API}/teams/{{team_id}}/channels/name/{{name}}", self.get_channel_by_name),
            web.post(f"{API}/channels/direct", self.create_direct),
            web.get(f"{API}/channels/{{channel_id}}/posts", self.get_channel_posts),
            web.get(f"{API}/channels/{{channel_id}}", self.get_channel),
            web.post(f"{API}/posts", self.create_post),
            web.post(f"{API}/posts/ephemeral", self.create_ephemeral_post),
            web.get(f"{API}/posts/{{post_id}}/thread", self.get_thread),
            web.get(f"{API}/posts/{{post_id}}", self.get_post),
            web.post(f"{API}/commands", self.create_command),
            web.get(f"{API}/commands", self.list_commands),
            web.put(f"{API}/commands/{{command_id}}", self.update_command),
            web.post(f"{API}/users/search", self.search_users),
            web.get(f"{API}/config/client", self.get_client_config),
            web.get(f"{API}/teams/{{team_id}}/members/{{user_id}}", self.get_team_member),
            web.get(f"{API}/channels/{{channel_id}}/members/{{user_id}}", self.get_channel_member),
            web.put(f"{API}/bots/{{bot_user_id}}", self.patch_bot),
            web.post(f"{API}/users/{{user_id}}/image", self.set_profile_image),
        ]

    # users ---------------------------------------------------------------------------------

    async def get_me(self, request: web.Request) -> web.Response:
        return json_response(snapshot(_me(request)))

    async def get_user(self, request: web.Request) -> web.Response:
        user = self.world.users.get(_user_id(request))
        if user is None:
            raise not_found("user")
        return json_response(snapshot(user))

    async def get_user_by_username(self, request: web.Request) -> web.Response:
        user = self.world.find_user(request.match_info["username"])
        if user is None:
            raise not_found("user")
        return json_response(snapshot(user))

    async def get_users_by_usernames(self, request: web.Request) -> web.Response:
        names = await _json_body(request, "usernames")
        if not isinstance(names, list):
            raise bad_param("usernames")
        found = [u for u in self.world.users.values() if u["username"] in names]
        return json_response(snapshot({"users": found})["users"])

    async def get_users_by_ids(self, request: web.Request) -> web.Response:
        ids = await _json_body(request, "user_ids")
        if not isinstance(ids, list):
            raise bad_param("user_ids")
        found = [self.world.users[i] for i in ids if i in self.world.users]
        return json_response(snapshot({"users": found})["users"])

    # teams and channels --------------------------------------------------------------------

    async def get_team_by_name(self, request: web.Request) -> web.Response:
        if request.match_info["team"] != self.world.team["name"]:
            raise not_found("team")
        return json_response(snapshot(self.world.team))

    def _readable(self, request: web.Request, channel: Json | None) -> Json:
        if channel is None:
            raise not_found("channel")
        if not self.world.can_read(channel, _me(request)["id"]):
            raise forbidden()
        return channel

    def _named(self, request: web.Request, team_id: str, name: str) -> Json:
        if team_id != self.world.team["id"]:
            raise not_found("channel")
        channel = next(
            (
                c
                for c in self.world.channels.values()
                if c["name"] == name and c["team_id"] == team_id
            ),
            None,
        )
        return self._readable(request, channel)

    async def get_channel_by_name(self, request: web.Request) -> web.Response:
        info = request.match_info
        return json_response(snapshot(self._named(request, info["team_id"], info["name"])))

    async def get_channel_by_names(self, request: web.Request) -> web.Response:
        if request.match_info["team"] != self.world.team["name"]:
            raise not_found("team")
        channel = self._named(request, self.world.team["id"], request.match_info["name"])
        return json_response(snapshot(channel))

    async def get_channel(self, request: web.Request) -> web.Response:
        channel = self.world.channels.get(request.match_info["channel_id"])
        return json_response(snapshot(self._readable(request, channel)))

    async def get_team_channels(self, request: web.Request) -> web.Response:
        user_id = _user_id(request)
        if user_id != _me(request)["id"]:
            raise forbidden()
        if request.match_info["team_id"] != self.world.team["id"]:
            raise not_found("team")
        team_id = request.match_info["team_id"]
        return json_response(snapshot({"c": self.world.channels_of(user_id, team_id)})["c"])

    async def get_user_channels(self, request: web.Request) -> web.Response:
        user_id = _user_id(request)
        if user_id != _me(request)["id"]:
            raise forbidden()
        return json_response(snapshot({"c": self.world.channels_of(user_id)})["c"])

    async def create_direct(self, request: web.Request) -> web.Response:
        ids = await _json_body(request, "user_ids")
        if not isinstance(ids, list) or len(ids) != 2 or not all(isinstance(i, str) for i in ids):
            raise bad_param("user_ids")
        if _me(request)["id"] not in ids:
            raise forbidden()
        if any(i not in self.world.users for i in ids):
            raise bad_param("user_ids")
        channel = self.fake.open_direct(ids[0], ids[1])
        return json_response(snapshot(channel), 201)

    async def get_client_config(self, request: web.Request) -> web.Response:
        """The client config (`format=old`, the only one the server serves): a few keys."""
        if request.query.get("format") != "old":
            raise ApiError(
                501, "api.config.client.old_format.app_error", "New format not supported yet."
            )
        site = self.fake.site_url
        return json_response({"SiteURL": site, "Version": "10.5.0", "BuildNumber": "10.5.0"})

    async def search_users(self, request: web.Request) -> web.Response:
        body = await _json_body(request, "search")
        if not isinstance(body, dict) or not str(body.get("term") or "").strip():
            raise bad_param("term")
        limit = body.get("limit", 100)
        limit = limit if isinstance(limit, int) and 0 < limit <= 1000 else 100
        found = self.world.search_users(
            str(body["term"]), bool(body.get("allow_inactive", False)), limit
        )
        return json_response(snapshot({"u": found})["u"])

    async def get_team_member(self, request: web.Request) -> web.Response:
        team_id, user_id = request.match_info["team_id"], _user_id(request)
        if team_id != self.world.team["id"] or user_id not in self.world.team_members:
            raise ApiError(
                404,
                "app.team.get_member.missing.app_error",
                "No team member found for that user ID and team ID.",
            )
        return json_response(_Members.team(team_id, user_id))

    async def get_channel_member(self, request: web.Request) -> web.Response:
        channel = self._readable(request, self.world.channels.get(request.match_info["channel_id"]))
        user_id = _user_id(request)
        if not self.world.is_member(channel["id"], user_id):
            raise ApiError(
                404,
                "app.channel.get_member.missing.app_error",
                "No channel member found for that user ID and channel ID.",
            )
        return json_response(_Members.channel(channel["id"], user_id))

    # posts ---------------------------------------------------------------------------------

    async def create_post(self, request: web.Request) -> web.Response:
        body = await _json_body(request, "post")
        if not isinstance(body, dict):
            raise bad_param("post")
        post = self.fake.publish_post(
            _me(request)["id"],
            str(body.get("channel_id") or ""),
            str(body.get("message") or ""),
            root_id=str(body.get("root_id") or ""),
            props=body.get("props") if isinstance(body.get("props"), dict) else None,
            file_ids=body.get("file_ids") if isinstance(body.get("file_ids"), list) else None,
        )
        return json_response(snapshot(post), 201)

    async def create_ephemeral_post(self, request: web.Request) -> web.Response:
        """POST /posts/ephemeral (api4/post.go createEphemeralPost): needs the system-wide
        create_post_ephemeral permission (admins by default; `world.ephemeral_posters`)."""
        body = await _json_body(request, "body")
        if not isinstance(body, dict) or not body.get("user_id"):
            raise bad_param("user_id")
        if not isinstance(body.get("post"), dict):
            raise bad_param("post")
        me = _me(request)
        if "system_admin" not in me["roles"] and me["id"] not in self.world.ephemeral_posters:
            raise forbidden()
        recipient = str(body["user_id"])
        post = self.world.ephemeral_post(me["id"], recipient, body["post"])
        payload = dumps(post)  # SendEphemeralPost: an event to the recipient's sockets only
        self.fake.hub.publish(
            "ephemeral_message", [recipient], lambda _uid: {"post": payload},
            broadcast(post["channel_id"]),
        )  # fmt: skip
        self.fake.notify()
        return json_response(snapshot(post), 201)

    def _readable_post(self, request: web.Request) -> Json:
        post = self.world.posts.get(request.match_info["post_id"])
        if post is None:
            raise not_found("post")
        self._readable(request, self.world.channels[post["channel_id"]])
        return post

    async def get_post(self, request: web.Request) -> web.Response:
        return json_response(snapshot(self._readable_post(request)))

    async def get_thread(self, request: web.Request) -> web.Response:
        post = self._readable_post(request)
        return json_response(snapshot(post_list(self.world.thread(post["id"]))))

    async def get_channel_posts(self, request: web.Request) -> web.Response:
        channel = self._readable(request, self.world.channels.get(request.match_info["channel_id"]))
        posts = self.world.channel_posts(channel["id"])
        query = request.query
        since = _int_param(query.get("since", "0"), "since")
        if since > 0:  # as the real server: since=0 means no since, the newest page
            changed = [p for p in posts if p["update_at"] > since or p["delete_at"] > since]
            return json_response(snapshot(post_list(changed)))
        page = _int_param(query.get("page", "0"), "page")
        per_page = min(_int_param(query.get("per_page", "60"), "per_page"), 200)
        newest_first = sorted(posts, key=lambda p: p["create_at"], reverse=True)
        chunk = newest_first[page * per_page : (page + 1) * per_page]
        listing = post_list(chunk)
        older = newest_first[(page + 1) * per_page : (page + 1) * per_page + 1]
        newer = newest_first[page * per_page - 1 : page * per_page] if page else []
        listing["prev_post_id"] = older[0]["id"] if older else ""
        listing["next_post_id"] = newer[0]["id"] if newer else ""
        listing["has_next"] = bool(newer)
        return json_response(snapshot(listing))

    # commands ------------------------------------------------------------------------------

    def _may_manage_commands(self, request: web.Request) -> None:
        me = _me(request)
        if "system_admin" not in me["roles"] and me["id"] not in self.world.command_managers:
            raise forbidden()

    async def create_command(self, request: web.Request) -> web.Response:
        self._may_manage_commands(request)
        body = await _json_body(request, "command")
        if not isinstance(body, dict):
            raise bad_param("command")
        command = self.world.add_command(_me(request)["id"], body)
        return json_response(snapshot(command), 201)

    async def list_commands(self, request: web.Request) -> web.Response:
        """As api4 listCommands: without the right to manage commands, `custom_only=true` is
        403 and the plain list holds only autocomplete commands, sanitized (no url, token…)."""
        if request.query.get("team_id") != self.world.team["id"]:
            raise bad_param("team_id")
        commands = list(self.world.commands.values())
        try:
            self._may_manage_commands(request)
        except ApiError:
            if request.query.get("custom_only", "").lower() == "true":
                raise
            hidden = {"token": "", "creator_id": "", "method": "", "url": "", "username": ""}
            commands = [c | hidden | {"icon_url": ""} for c in commands if c["auto_complete"]]
        return json_response(snapshot({"c": commands})["c"])

    async def update_command(self, request: web.Request) -> web.Response:
        self._may_manage_commands(request)
        body = await _json_body(request, "command")
        if not isinstance(body, dict):
            raise bad_param("command")
        command = self.world.update_command(request.match_info["command_id"], body)
        return json_response(snapshot(command))

    # bots and profile images -----------------------------------------------------------------

    async def patch_bot(self, request: web.Request) -> web.Response:
        """PUT /bots/{id} (the server's patchBot): needs manage_bots; only admins have it here."""
        bot = self.world.find_user(request.match_info["bot_user_id"])
        if bot is None or not bot.get("is_bot"):
            raise ApiError(404, "store.sql_bot.get.missing.app_error", "Unable to find bot.")
        if "system_admin" not in _me(request)["roles"]:
            raise forbidden()
        body = await _json_body(request, "bot")
        if not isinstance(body, dict):
            raise bad_param("bot")
        return json_response(snapshot(self.world.patch_bot(bot["id"], body)))

    async def set_profile_image(self, request: web.Request) -> web.Response:
        """POST /users/{id}/image: a multipart `image` field; the user or an admin."""
        user_id = _user_id(request)
        self.world.user(user_id)
        me = _me(request)
        if me["id"] != user_id and "system_admin" not in me["roles"]:
            raise forbidden()
        if not request.content_type.startswith("multipart/"):
            raise ApiError(
                400,
                "api.user.upload_profile_user.parse.app_error",
                "Could not parse multipart form.",
            )
        image = _multipart_field(request.headers["Content-Type"], await request.read(), "image")
        if image is None:
            raise ApiError(
                400,
                "api.user.upload_profile_user.no_file.app_error",
                "No file under 'image' in request.",
            )
        self.world.profile_images[user_id] = image
        return json_response({"status": "OK"})


def _multipart_field(content_type: str, body: bytes, name: str) -> bytes | None:
    """One field of a multipart body already read (the recording middleware read it first)."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    if not message.is_multipart():
        return None
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == name:
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else None
    return None


def _int_param(raw: str, name: str) -> int:
    if not raw.lstrip("-").isdigit() or int(raw) < 0:
        raise ApiError(
            400, "api.context.invalid_url_param.app_error", f"Invalid or missing {name} parameter."
        )
    return int(raw)


class _Members:
    """Shapes of TeamMember and ChannelMember bodies (model/team_member.go, channel_member.go)."""

    @staticmethod
    def team(team_id: str, user_id: str) -> Json:
        return {
            "team_id": team_id,
            "user_id": user_id,
            "roles": "team_user",
            "delete_at": 0,
            "scheme_guest": False,
            "scheme_user": True,
            "scheme_admin": False,
            "explicit_roles": "",
        }

    @staticmethod
    def channel(channel_id: str, user_id: str) -> Json:
        return {
            "channel_id": channel_id,
            "user_id": user_id,
            "roles": "channel_user",
            "last_viewed_at": 0,
            "msg_count": 0,
            "mention_count": 0,
            "notify_props": {"desktop": "default", "mark_unread": "all", "push": "default"},
            "last_update_at": 0,
            "scheme_guest": False,
            "scheme_user": True,
            "scheme_admin": False,
            "explicit_roles": "",
        }
