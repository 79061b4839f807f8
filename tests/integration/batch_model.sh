#!/usr/bin/env bash
# A model-based test of the batch status machine and the sign-off rules
# (issue 21 item 6): tests/integration/batch_model.py holds a reference
# model of SPEC 5.1 and 11 and drives the real binary on the real stack
# through random sequences of gate verdicts, evidence decisions, sign-offs
# (people spelt many ways, roles, actions, another batch code for the same
# folder), clock steps (faketime) and concurrent runs; after every step
# batch-status.json and signoffs.jsonl must equal the model. In make check
# the run is bounded by time, not count: up to MODEL_SEQUENCES (1000)
# sequences, no new one started after MODEL_SECONDS (6), at least
# MODEL_MIN_SEQUENCES (8) whatever the time. MODEL_SEED replays a run; a
# failing seed is printed and kept in batch_model.failed.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq python3

export PHASE2_BATCH_CODE=M_1	# M/1 maps onto its folder
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
stack_up
seed healthy
export IG REPORTS MODEL_FAILED=${top_builddir}/tests/integration/batch_model.failed
# A long run outlives the seeded data's window: batch_model.py seeds again.
export MODEL_RESEED="'$STACK' seed healthy --dir '$STACK_DIR'"
export MODEL_SECONDS=${MODEL_SECONDS:-6} MODEL_MIN_SEQUENCES=${MODEL_MIN_SEQUENCES:-8}
if python3 "$here/batch_model.py" "${MODEL_SEQUENCES:-1000}" ${MODEL_SEED:-}; then
	pass "the binary matches the model"
else
	fail "the binary differs from the model (seed and steps above, and in $MODEL_FAILED)"
fi
finish
