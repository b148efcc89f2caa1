"""What the Slack bot does for each trigger. Every listener acknowledges first and works afterwards.

Bolt runs listeners in its worker threads once ``ack()`` is called (events are acknowledged for
us), so Slack gets its response within 3 seconds however long an answer takes. Question text is
never logged: log lines carry the kind of request, counts and times only.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import Ack, App, BoltResponse, Respond
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from assistant import messages
from assistant.conversations import ConversationStore
from assistant.feedback import FeedbackContext, FeedbackStore
from assistant.models import Answer, Turn
from assistant.service import Assistant
from assistant.settings import Settings
from integrations.channels.pipeline import ask, referral
from integrations.channels.state import Recent, SeenEvents
from integrations.slack import views
from integrations.slack.blocks import (
    FEEDBACK_ACTION,
    SHARE_ACTION,
    SlackMessage,
    answer_message,
    context,
    notice_message,
    without_actions,
)

logger = logging.getLogger("caselearn.slack")
MESSAGE_SHORTCUT = "caselearn_ask_message"
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def question_text(text: str) -> str:
    """The question without ``<@bot>`` mentions, with Slack's escapes undone."""
    text = _MENTION.sub(" ", text or "")
    return " ".join(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").split())


@dataclass(frozen=True)
class Private:
    """A private answer waiting for "Share in channel"."""

    channel: str
    thread_ts: str | None
    message: SlackMessage


@dataclass
class SlackBot:
    assistant: Assistant
    settings: Settings
    feedback: FeedbackStore | None = None
    seen: SeenEvents = field(default_factory=SeenEvents)
    threads: ConversationStore = field(default_factory=ConversationStore)
    private: Recent[Private] = field(default_factory=lambda: Recent(ttl_seconds=6 * 3600))
    questions: Recent[str] = field(default_factory=lambda: Recent(ttl_seconds=6 * 3600))

    # -- wiring --------------------------------------------------------------------------------
    def register(self, app: App) -> None:
        app.middleware(self.dedupe)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home)
        app.command("/caselearn")(self.on_command)
        app.shortcut(MESSAGE_SHORTCUT)(self.on_message_shortcut)
        app.action(SHARE_ACTION)(self.on_share)
        app.action(FEEDBACK_ACTION)(self.on_feedback)
        app.view(views.REFERRAL_VIEW)(self.on_referral_submit)
        app.view(views.FEEDBACK_VIEW)(self.on_feedback_reason)
        app.error(self.on_error)

    def dedupe(
        self, body: dict[str, Any], request: BoltRequest, response: BoltResponse, next: Callable[[], None]
    ) -> BoltResponse:
        """Answer each event once: a retry (``X-Slack-Retry-Num``) of an event already received is acknowledged
        and dropped. A retry of an event never received (say, after a restart) is answered."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not self.seen.first_time(str(event_id)):
            retry = (request.headers.get("x-slack-retry-num") or ["0"])[0]
            logger.info("duplicate event skipped (retry %s)", retry)
            return BoltResponse(status=200, body="")
        next()
        return response

    def on_error(self, error: Exception, body: dict[str, Any], response: BoltResponse | None) -> None:
        # Never the body or the error's text: both can hold message text.
        logger.warning("slack request failed: %s (%s)", type(error).__name__, body.get("type", "unknown"))
        if isinstance(error, BoltUnhandledRequestError) and response is not None:
            response.status, response.body = 200, ""  # nothing to do; stop Slack retrying it

    # -- answering -------------------------------------------------------------------------------
    def _answer(
        self, question: str, history: list[Turn], *, restate: bool, private_key: str | None
    ) -> tuple[SlackMessage, Answer | None]:
        if not question:
            return notice_message(messages.CHANNEL_EMPTY_QUESTION), None
        started = time.perf_counter()
        result = ask(self.assistant, question, history)
        if isinstance(result, str):
            return notice_message(result), None
        feedback_value = None
        if self.feedback is not None:
            ctx = self.feedback.context_for(question, result)
            if self.feedback.store_text:
                self.questions.put(question, ctx.question_hash)
            feedback_value = ctx.encode()
        message = answer_message(
            result,
            public_url=self.settings.public_url,
            question=question if restate else None,
            feedback_value=feedback_value,
            share_key=private_key,
        )
        logger.info("slack answer: answered=%s in %.0f ms", result.answered, 1000 * (time.perf_counter() - started))
        return message, result

    def _reply_in_thread(self, client: WebClient, event: dict[str, Any], team: str | None) -> None:
        channel = event["channel"]
        thread_ts = event.get("thread_ts") or event["ts"]
        key = f"{team}:{channel}:{thread_ts}"
        question = question_text(event.get("text", ""))
        message, answer = self._answer(question, self.threads.history(key), restate=False, private_key=None)
        if answer is not None:  # before posting, so a quick follow-up in the thread already sees this turn
            self.threads.append(key, Turn("user", question), Turn("assistant", answer.text))
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False, **message.payload())

    def on_mention(self, event: dict[str, Any], client: WebClient, body: dict[str, Any]) -> None:
        if event.get("bot_id"):
            return
        self._reply_in_thread(client, event, body.get("team_id"))

    def on_message(self, event: dict[str, Any], client: WebClient, body: dict[str, Any]) -> None:
        """Direct messages only; channel messages reach the bot as ``app_mention``."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        self._reply_in_thread(client, event, body.get("team_id"))

    def on_home(self, event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            client.views_publish(user_id=event["user"], view=views.home_view())

    # -- slash command and shortcut ----------------------------------------------------------------
    def on_command(self, ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        text = (command.get("text") or "").strip()
        word, _, rest = text.partition(" ")
        if not text or word.lower() == "help":
            respond(response_type="ephemeral", **notice_message(messages.SLACK_HELP).payload())
            return
        if word.lower() == "refer":
            self._open_referral(client, command["trigger_id"], rest.strip(), respond)
            return
        key = secrets.token_urlsafe(12)
        message, _ = self._answer(question_text(text), [], restate=True, private_key=key)
        self.private.put(Private(command["channel_id"], None, message), key)
        respond(response_type="ephemeral", **message.payload())

    def on_message_shortcut(self, ack: Ack, shortcut: dict[str, Any], client: WebClient) -> None:
        """ "Ask caselearn about this message": a private answer in that message's thread."""
        ack()
        channel = shortcut["channel"]["id"]
        target = shortcut.get("message", {})
        thread_ts = target.get("thread_ts") or target.get("ts")
        key = secrets.token_urlsafe(12)
        message, _ = self._answer(question_text(target.get("text", "")), [], restate=True, private_key=key)
        self.private.put(Private(channel, thread_ts, message), key)
        client.chat_postEphemeral(
            channel=channel, user=shortcut["user"]["id"], thread_ts=thread_ts, unfurl_links=False, **message.payload()
        )

    def on_share(
        self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        stored = self.private.pop(str(action.get("value", "")))
        if stored is None or not stored.message.blocks:
            respond(response_type="ephemeral", replace_original=False, text=messages.CHANNEL_SHARE_EXPIRED)
            return
        user = body.get("user", {}).get("id")
        shared_by = messages.CHANNEL_SHARED_BY.format(user=f"<@{user}>" if user else "")
        blocks = [context(shared_by), *without_actions(stored.message.blocks)]
        client.chat_postMessage(
            channel=stored.channel,
            thread_ts=stored.thread_ts,
            text=stored.message.text,
            blocks=blocks,
            unfurl_links=False,
        )
        if body.get("response_url"):
            respond(delete_original=True)

    # -- feedback ----------------------------------------------------------------------------------
    def on_feedback(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        rating, _, encoded = str(action.get("value", "")).partition(":")
        ctx = FeedbackContext.decode(encoded)
        if self.feedback is None or ctx is None or rating not in ("helpful", "not_helpful"):
            return
        if self.feedback.store_text:
            ctx = FeedbackContext(ctx.question_hash, ctx.sources, ctx.answered, self.questions.get(ctx.question_hash))
        feedback_id = self.feedback.record("slack", rating, ctx)
        logger.info("slack feedback recorded: %s", rating)
        if rating == "not_helpful" and body.get("trigger_id"):
            client.views_open(trigger_id=body["trigger_id"], view=views.feedback_reason_view(feedback_id))

    def on_feedback_reason(self, ack: Ack, view: dict[str, Any]) -> None:
        ack()
        feedback_id, reason = views.read_feedback_reason(view)
        if self.feedback is not None and feedback_id is not None and reason:
            self.feedback.set_reason(feedback_id, reason)

    # -- referral checks ---------------------------------------------------------------------------
    def _open_referral(self, client: WebClient, trigger_id: str, situation: str, respond: Respond) -> None:
        if not situation:
            client.views_open(trigger_id=trigger_id, view=views.referral_request_view())
            return
        opened = client.views_open(trigger_id=trigger_id, view=views.working_view())
        self._check_referral(client, opened["view"]["id"], situation, {})

    def _check_referral(self, client: WebClient, view_id: str, situation: str, facts: dict[str, Any]) -> None:
        started = time.perf_counter()
        result = referral(self.assistant, situation, facts)
        if isinstance(result, str):
            view = views.message_view(result)
        else:
            view = views.referral_result_view(result, situation, facts)
        client.views_update(view_id=view_id, view=view)
        logger.info("slack referral check in %.0f ms", 1000 * (time.perf_counter() - started))

    def on_referral_submit(self, ack: Ack, view: dict[str, Any], client: WebClient) -> None:
        situation, facts = views.read_referral_submission(view)
        if not situation:
            ack(response_action="errors", errors={views.SITUATION_BLOCK: messages.EMPTY_SITUATION})
            return
        ack(response_action="update", view=views.working_view())
        self._check_referral(client, view["id"], situation, facts)
