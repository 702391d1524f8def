"""The load: Locust users who sign in once, then request one endpoint at a time, as fast as they can.

Run by bench/run.py in a process of its own (Locust patches the standard library with gevent):

    python bench/locustfile.py PLAN.json RESULTS.json

PLAN.json gives the host, the number of users, the seconds per endpoint, the endpoints in order
and the accounts. Every user signs in once as an athlete and once as a coach (each in its own
cookie jar, CSRF token included) and keeps an anonymous jar for the floor; then, endpoint by
endpoint, all users hit that endpoint for the given time. Statistics are reset once the users
have settled on an endpoint, so each figure covers that endpoint alone.
"""

import json
import random
import re
import sys
import time
import uuid

import gevent
from django_otp.oath import hotp
from locust import FastHttpUser, constant, events, task
from locust.contrib.fasthttp import FastHttpSession
from locust.env import Environment

PLAN = {}
STATE = {"endpoint": None, "started": 0, "signed_in": 0, "in_flight": 0, "saved": 0}
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
MUSCLES = ["calves", "hamstrings", "quadriceps", "feet"]


def _session(user):
    return FastHttpSession(
        base_url=user.host, request_event=user.environment.events.request, user=user, network_timeout=30.0
    )


# The last time step whose code was sent for each coach: a code works once, so a second user signing in as
# the same coach within 30 s sends the next step's code, which the server takes too (one step of tolerance).
CODE_STEPS = {}


def _code(username, key):
    """The 6-digit code the coach's authenticator app shows, worked out from its key (RFC 6238)."""
    while True:
        now = int(time.time()) // 30
        step = max(now, CODE_STEPS.get(username, -1) + 1)
        if step <= now + 1:
            CODE_STEPS[username] = step
            return f"{hotp(bytes.fromhex(key), step):06d}"
        gevent.sleep(30 - time.time() % 30 + 0.05)


def _log_in(session, username, password, key=None):
    """Sign in through Django's log-in form, CSRF token and all, then (for a coach, who must) the code page
    with the code their app shows. Returns the CSRF token for later POSTs."""
    page = session.get("/accounts/login/", name="sign-in")
    token = CSRF_INPUT.search(page.content).group(1).decode()
    response = session.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        name="sign-in",
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"sign-in as {username} answered {response.status_code}")
    # Django rotates the CSRF token at log-in: read the new one from the cookie jar.
    token = next(cookie.value for cookie in session.cookiejar if cookie.name == "csrftoken")
    if key is not None:
        response = session.post(
            "/accounts/two-factor/",
            data={"code": _code(username, key), "csrfmiddlewaretoken": token},
            name="sign-in-code",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"the sign-in code for {username} answered {response.status_code}")
    return token


class BenchUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        account = PLAN["accounts"][STATE["started"] % len(PLAN["accounts"])]
        STATE["started"] += 1
        self.account = account
        self.athlete = _session(self)
        self.coach = _session(self)
        self.anonymous = _session(self)
        self.athlete_csrf = _log_in(self.athlete, account["athlete"], PLAN["password"])
        _log_in(self.coach, account["coach"], PLAN["password"], key=account["coach_key"])
        STATE["signed_in"] += 1

    @task
    def hit(self):
        endpoint = STATE["endpoint"]
        if endpoint is None:
            gevent.sleep(0.05)
            return
        STATE["in_flight"] += 1
        try:
            getattr(self, endpoint.replace("-", "_"))(endpoint)
        finally:
            STATE["in_flight"] -= 1

    def _get(self, session, path, name):
        with session.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    def floor(self, name):
        self.anonymous.cookiejar.clear()
        self._get(self.anonymous, "/accounts/login/", name)

    def quick_log(self, name):
        data = {"muscle": random.choice(MUSCLES), "severity": random.randint(1, 10), "idempotency_key": uuid.uuid4()}
        headers = {"HX-Request": "true", "X-CSRFToken": self.athlete_csrf}
        with self.athlete.post("/log/quick/", data=data, headers=headers, name=name, catch_response=True) as response:
            if response.status_code != 200 or b"Logged:" not in response.content:
                response.failure(f"status {response.status_code}, not saved")
            else:
                STATE["saved"] += 1

    def history(self, name):
        self._get(self.athlete, "/log/", name)

    def insights(self, name):
        self._get(self.athlete, "/insights/", name)

    def routine(self, name):
        self._get(self.athlete, "/routine/", name)

    def dashboard(self, name):
        self._get(self.coach, "/coach/", name)

    def coach_athlete(self, name):
        self._get(self.coach, f"/coach/athletes/{random.choice(self.account['athletes'])}/", name)

    def library_list(self, name):
        self._get(self.athlete, "/library/exercises/", name)

    def exercise(self, name):
        self._get(self.athlete, f"/library/exercises/{random.choice(PLAN['exercises'])}/", name)


def run(plan):
    """Drive the plan's endpoints one after another; return {endpoint: figures}."""
    PLAN.update(plan)
    env = Environment(user_classes=[BenchUser], events=events, host=plan["host"])
    runner = env.create_local_runner()
    runner.start(plan["users"], spawn_rate=plan["users"])
    deadline = time.monotonic() + 120
    while STATE["signed_in"] < plan["users"]:
        if time.monotonic() > deadline:
            raise RuntimeError("the users did not all sign in within two minutes")
        gevent.sleep(0.1)
    results = {}
    for endpoint in plan["endpoints"]:
        STATE["endpoint"] = endpoint
        gevent.sleep(plan["settle"])  # requests for the endpoint before are done, the new one is warm
        env.stats.reset_all()
        started = time.monotonic()
        gevent.sleep(plan["seconds"])
        elapsed = time.monotonic() - started
        method = "POST" if endpoint == "quick-log" else "GET"
        entry = env.stats.get(endpoint, method)
        # Count only the requests that ended inside the window (the stats entry is read now).
        results[endpoint] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "seconds": elapsed,
            "rps": entry.num_requests / elapsed,
            "p50_ms": entry.get_response_time_percentile(0.5) if entry.num_requests else None,
            "p95_ms": entry.get_response_time_percentile(0.95) if entry.num_requests else None,
            "errors": [str(e.error) for e in env.stats.errors.values() if e.name == endpoint][:5],
        }
        STATE["endpoint"] = None
        while STATE["in_flight"]:  # let every request answer, so each quick log counted is known
            gevent.sleep(0.01)
    runner.quit()
    # Every quick log that answered "Logged:", the settling time included, for the saved-rows check.
    return {"endpoints": results, "quick_logs_saved": STATE["saved"]}


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        plan = json.load(f)
    with open(sys.argv[2], "w") as f:
        json.dump(run(plan), f, indent=2)
