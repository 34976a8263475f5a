"""The Slack bot: a thin shell over `assistant.Assistant`.

`app.build_app` makes the slack-bolt App, `server` serves it over HTTP, `command` is `paperchat slack` / `feedback`,
`format` turns answers into mrkdwn and blocks. Nothing heavy is imported here, so the CLI stays fast.
"""
