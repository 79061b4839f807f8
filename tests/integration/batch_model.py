#!/usr/bin/env python3
"""A reference model of the batch status (SPEC 5.1) and the sign-off rules
(SPEC 11), and the real binary driven through random sequences of gate
verdicts, evidence decisions, sign-offs (person, role, action, batch),
clock steps and concurrent runs; after every step batch-status.json (status,
transitions, chain head) and signoffs.jsonl must equal the model.

Usage: batch_model.py SEQUENCES [SEED]; environment: IG (the binary),
MODEL_SECONDS (start no new sequence after that many seconds),
REPORTS (report root), the stack's variables, MODEL_WORKERS (parallel
batches, default 2), MODEL_FAILED (file that gets the failing seed and
steps), MODEL_FROM (start at sequence K: a long run of one seed taken up
where an earlier part ended; sequence K is the same whoever runs it).
Prints the seed; exit 1 on the first difference."""
import json, os, random, shutil, subprocess, sys, threading, time, traceback, unicodedata

IG = os.environ["IG"]
BATCH = os.environ["PHASE2_BATCH_CODE"]     # holds a "_": "/" maps onto it
REPORTS = os.environ["REPORTS"]
FAKETIME = shutil.which("faketime")
LOCK_BOUND = b"has held it for 30 s"

# Spellings of four people: the same person however typed (NFKC, case,
# spaces), and one with a hidden character (a usage error, exit 64).
PEOPLE = {"Ana": ["Ana", "ana", "  ANA ", "\uff21\uff4e\uff41"],
          "Budi": ["Budi", "BUDI", "budi  "],
          "Citra": ["Citra", "C\u0069tra"],
          "Dewi": ["Dewi", "dEWI", "Dewi\u200b", "De\u00adwi"]}
ROLES = {"tech": ["Tech Lead", "tech lead", "TECH  LEAD"],
         "backend": ["Backend Lead", "backend lead"],
         "qa": ["QA"]}
ACTIONS = ["ack", "lift-hold", "accept-warn"]
HIDDEN = {"\u200b", "\u00ad"}


class Model:
    """SPEC 5.1 + 11 in a few dozen lines."""

    def __init__(self):
        self.status = None      # None, READY, PENDING, HOLD
        self.ev = None          # {"kind": GO|WARN|INC|NOGO, "tls": bool, "current": bool, "n": int}
        self.signs = []         # (evidence n, action, person, role)
        self.chain = 0
        self.history = []       # (from, to)
        self.nev = 0

    def copy(self):
        m = Model()
        m.status, m.chain, m.nev = self.status, self.chain, self.nev
        m.ev = dict(self.ev) if self.ev else None
        m.signs, m.history = list(self.signs), list(self.history)
        return m

    def set(self, to):
        if to != self.status:
            self.history.append((self.status, to))
            self.status = to

    def fail(self):                         # a single gate FAIL on the batch
        if self.ev:
            self.ev["current"] = False      # older than the HOLD it sets
        self.set("HOLD")

    def evidence(self, kind, tls=True):
        self.nev += 1
        self.ev = {"kind": kind, "tls": tls, "current": True, "n": self.nev}
        if kind == "NOGO":
            self.set("HOLD")
        elif self.status != "HOLD":
            self.set("READY" if kind == "GO" else "PENDING")

    def signers(self, action):
        return [(p, r) for (n, a, p, r) in self.signs
                if n == self.ev["n"] and a == action]

    def signoff(self, person, role, action):
        """The exit status class: 'ok', 'refused' or 'usage'."""
        if any(c in HIDDEN for c in person):
            return "usage"
        p, r, ev = canon(person), canon(role), self.ev
        if ev is None or not ev["tls"]:
            return "refused"
        if any(q == p for (q, _) in self.signers(action)):
            return "refused"                # the same person twice
        if action == "lift-hold":
            leads = self.signers(action)
            if (ev["kind"] != "GO" or self.status != "HOLD" or
                    not ev["current"] or r not in ("tech lead", "backend lead") or
                    any(x == r for (_, x) in leads)):
                return "refused"
        if action == "accept-warn":
            if ev["kind"] != "WARN" or self.status != "PENDING":
                return "refused"
        self.signs.append((ev["n"], action, p, r))
        self.chain += 1
        if action == "lift-hold":
            roles = {x for (_, x) in self.signers(action)}
            if roles == {"tech lead", "backend lead"}:
                self.set("READY")
        if action == "accept-warn" and len(self.signers(action)) >= 2:
            self.set("READY")
        return "ok"


def canon(s):
    return " ".join(unicodedata.normalize("NFKC", unicodedata.normalize(
        "NFKC", s).casefold()).split())


class Batch:
    """One batch on disk, driven through the real binary."""

    def __init__(self, code, root, rng, log):
        self.code, self.root, self.rng, self.log = code, root, rng, log
        self.dir = os.path.join(root, "release-evidence", code)

    def cmd(self, step):
        env = dict(os.environ, PHASE2_BATCH_CODE=self.code,
                   RUN_EVIDENCE_QUALITY_CHECK="false")
        kind = step[0]
        args = [IG]
        if kind == "fail":
            env["INGEST_QUEUE_ENABLED"] = "false"
            args += ["gate", "env-baseline", "--offline"]
        elif kind == "pass":
            args += ["gate", "env-baseline", "--offline"]
        elif kind == "evidence":
            ek, tls = step[1], step[2]
            if ek == "WARN":
                env["GATE_PROCESSING_WARN_SUCCESS_RATE"] = "1"
            elif ek == "INC":
                env["GATE_PROCESSING_MIN_SAMPLE"] = "100000000"
            elif ek == "NOGO":
                env["INGEST_QUEUE_ENABLED"] = "false"
            args += ["gate", "evidence"] + ([] if tls else ["--insecure"])
        elif kind == "signoff":
            _, person, role, action = step[:4]
            args += ["signoff", "--by", person, "--as", role]
            if action != "ack":
                args.append("--" + action)
        elif kind == "conflict":            # another code, the same folder
            env["PHASE2_BATCH_CODE"] = self.code.replace("_", "/")
            args += ["gate", "evidence"]
        args += ["--reports-dir", self.root]
        if len(step) > 0 and step[-1] == "clock" and FAKETIME:
            args = [FAKETIME, "-f", self.rng.choice(["-3h", "+2d", "-40d"])] + args
        return args, env

    def start(self, step):
        args, env = self.cmd(step)
        return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)

    def observe(self):
        try:
            with open(os.path.join(self.dir, "batch-status.json")) as f:
                st = json.load(f)
        except FileNotFoundError:
            st = None
        try:
            with open(os.path.join(self.dir, "signoffs.jsonl"), "rb") as f:
                lines = f.read().count(b"\n")
        except FileNotFoundError:
            lines = 0
        ev = None
        try:
            with open(os.path.join(self.dir, "latest.json")) as f:
                e = json.load(f)
            verdicts = [s.get("verdict") for s in e.get("stages", [])]
            kind = {"GO": "GO", "NO-GO": "NOGO"}.get(
                e.get("decision"), "INC" if "INCONCLUSIVE" in verdicts else "WARN")
            ev = (kind, e.get("tlsVerify") is True)
        except FileNotFoundError:
            pass
        if st is None:
            return (None, [], lines, 0, ev)
        hist = [(h.get("from"), h.get("to")) for h in st.get("history", [])]
        head = (st.get("chain") or {}).get("lines", 0)
        return (st.get("status"), hist, lines, head, ev)


def expect(m):
    ev = (m.ev["kind"], m.ev["tls"]) if m.ev else None
    return (m.status, m.history, m.chain, m.chain, ev)


def random_step(rng, m):
    r = rng.random()
    if r < 0.12:
        s = ("fail",)
    elif r < 0.18:
        s = ("pass",)
    elif r < 0.45:
        s = ("evidence", rng.choice(["GO", "GO", "WARN", "INC", "NOGO"]),
             rng.random() > 0.1)
    elif r < 0.97 or m.status is None:
        person = rng.choice(list(PEOPLE))
        s = ("signoff", rng.choice(PEOPLE[person]),
             rng.choice(ROLES[rng.choice(["tech", "backend", "backend", "tech", "qa"])]),
             rng.choice(["lift-hold", "lift-hold", "accept-warn", "ack"]))
    else:
        s = ("conflict",)
    # Clock steps on what reads no clock-bound data: a sign-off, an offline
    # F-00. (A gate's window is real time: the simulator's data is.)
    if rng.random() < 0.15 and s[0] in ("signoff", "fail", "pass"):
        s = s + ("clock",)
    return s


def apply(m, step, rc):
    """The model after step; None when rc contradicts it."""
    kind = step[0]
    if kind == "fail":
        m.fail()
    elif kind == "evidence":
        m.evidence(step[1], step[2])
    elif kind == "signoff":
        want = m.signoff(step[1], step[2], step[3])
        got = {0: "ok", 64: "usage"}.get(rc, "refused")
        if want != got:
            return None
    elif kind == "conflict":
        if rc != 2:
            return None
    return m


def run_sequence(code, root, rng, length):
    """Every model the observations so far allow is kept: concurrent steps
    may leave two orders that look alike on disk and differ later (which
    evidence a sign-off bound to)."""
    cands, trace = [Model()], []
    b = Batch(code, root, rng, trace)
    for i in range(length):
        m = cands[0]
        if m.status is not None and rng.random() < 0.15:
            steps = [random_step(rng, m), random_step(rng, m)]
            steps = [s for s in steps if s[0] != "conflict"] or [("pass",)]
        else:
            steps = [random_step(rng, m)]
            # Another code for the folder only once the batch owns it.
            if steps[0][0] == "conflict" and any(c.status is None for c in cands):
                steps = [("pass",)]
        procs = [b.start(s) for s in steps]
        rcs, errs = [], b""
        for p in procs:
            errs += p.communicate()[1] or b""
            rcs.append(p.returncode)
        got = b.observe()
        trace.append((steps, rcs, got))
        # A run starved for 30 s by a loaded machine while another held
        # the batch lock is ERROR REPORT_WRITE_FAILED and records a PENDING
        # run (SPEC 5): true, but outside the model. The sequence ends
        # there and is counted apart.
        if LOCK_BOUND in errs:
            return "cut", trace, None
        orders = [list(range(len(steps)))]
        if len(steps) == 2:
            orders.append([1, 0])
        nxt = []
        for c in cands:
            for order in orders:
                mm = c.copy()
                for j in order:
                    mm = apply(mm, steps[j], rcs[j])
                    if mm is None:
                        break
                if mm is not None and expect(mm) == got:
                    nxt.append(mm)
        if not nxt:
            return False, trace, [expect(c) for c in cands]
        cands = nxt[:16]
    return True, trace, None


def main():
    n = int(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else random.SystemRandom().randrange(1 << 32)
    workers = int(os.environ.get("MODEL_WORKERS", "2"))
    print(f"seed {seed}, {n} sequences, {workers} workers, faketime "
          f"{'yes' if FAKETIME else 'no (clock steps run on the real clock)'}", flush=True)
    # MODEL_SECONDS: start no new sequence after that long (a long run).
    deadline = time.time() + float(os.environ.get("MODEL_SECONDS", "1e9"))
    # MODEL_MIN_SEQUENCES: started whatever the time, so that a slow machine
    # (the sanitizer build) still checks something.
    least = min(n, int(os.environ.get("MODEL_MIN_SEQUENCES", "0")))
    lock, t0 = threading.Condition(), time.time()
    # The stack's seeded data is relative to the time it was seeded: about
    # 50 minutes on, F-03's window holds too few of its successes and a GO
    # configuration judges WARN. A long run seeds it again between
    # sequences (MODEL_RESEED: the command; every MODEL_RESEED_SECONDS).
    reseed = os.environ.get("MODEL_RESEED")
    period = float(os.environ.get("MODEL_RESEED_SECONDS", "600"))
    # MODEL_ONLY=K: sequence K alone (as a failure names it).
    only = os.environ.get("MODEL_ONLY")
    if only is not None:
        n, least = int(only) + 1, 0
    first = int(only or os.environ.get("MODEL_FROM", "0"))
    if first >= n:
        print(f"MODEL_FROM={first}: the run has sequences 0 to {n - 1} "
              f"(MODEL_SEQUENCES is where it ends)")
        return 1
    least = min(least, n - first)
    if first:
        print(f"from sequence {first}", flush=True)
    state = {"next": first, "done": 0, "steps": 0, "cut": 0,
             "failed": None, "busy": set(), "seeded": time.time(),
             "reseeds": 0}

    def fresh_data():
        """Called holding lock: waits for the sequences in flight, seeds."""
        if not reseed or time.time() - state["seeded"] < period:
            return
        while state["busy"]:
            lock.wait()
        if time.time() - state["seeded"] >= period:
            subprocess.run(reseed, shell=True, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            state["seeded"] = time.time()
            state["reseeds"] += 1

    def worker(w):
        while True:
            with lock:
                fresh_data()
                if state["failed"] or state["next"] >= n or \
                        (time.time() > deadline and state["next"] - first >= least):
                    return
                k = state["next"]
                state["next"] += 1
                state["busy"].add(k)
            rng = random.Random(seed * 1000003 + k)
            root = os.path.join(REPORTS, f"s{k}")
            try:
                good, trace, exp = run_sequence(BATCH, root, rng,
                                                rng.randint(3, 10))
            except Exception:           # a broken test is a failure too
                good, trace, exp = False, [], traceback.format_exc()
            if good:
                shutil.rmtree(root, ignore_errors=True)
            with lock:
                state["busy"].discard(k)
                lock.notify_all()
                state["cut"] += good == "cut"
                state["done"] += 1
                state["steps"] += len(trace)
                if state["done"] % 1000 == 0:     # a long run's progress
                    print(f"{state['done']} sequences, {state['steps']} steps, "
                          f"{state['cut']} cut, {time.time() - t0:.0f} s, "
                          f"every sequence below {min(state['busy'] | {state['next']})} done",
                          flush=True)
                if not good and not state["failed"]:
                    state["failed"] = (k, trace, exp)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if state["failed"]:
        k, trace, exp = state["failed"]
        lines = [f"seed {seed} sequence {k}: the binary and the model differ"]
        for steps, rcs, got in trace:
            lines.append(f"  {steps!r} -> exit {rcs}, on disk {got!r}")
        if trace:
            lines.append(f"  the model, before the last step: {exp!r}")
        else:
            lines.append("  the harness broke before a step was judged:")
            lines.append(exp)
        text = "\n".join(lines)
        print(text)
        out = os.environ.get("MODEL_FAILED")
        if out:
            with open(out, "a") as f:
                f.write(text + "\n")
        print(f"rerun: MODEL_ONLY={k} MODEL_SEED={seed} make check "
              f"TESTS=tests/integration/batch_model.sh")
        return 1
    if state["done"] < least:
        print(f"only {state['done']} of at least {least} sequences ran")
        return 1
    print(f"{state['done']} sequences ({first} to {state['next'] - 1}), "
          f"{state['steps']} steps in "
          f"{time.time() - t0:.1f} s: the binary matches the model"
          f"{'' if not state['cut'] else ', %d cut short by the 30 s lock bound' % state['cut']}"
          f"{'' if not state['reseeds'] else ', the stack seeded again %d times' % state['reseeds']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
