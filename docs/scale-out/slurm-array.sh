#!/usr/bin/env bash
# KpiEngine batch as a Slurm job array: one task per shard, each running the clients whose id hashes
# to its array task id, all writing into one shared folder. See docs/scale-out.md.
#
#   jobid=$(sbatch --parsable slurm-array.sh)
#   sbatch --dependency=afterany:"$jobid" --wrap 'kpi summary merge /shared/kpi/out'
#
# The array runs tasks 0..7, so the shard count is 8: keep --array and SHARDS in step.
#SBATCH --job-name=kpi-nightly
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --time=02:00:00
#SBATCH --output=logs/kpi-%A-%a.log
set -uo pipefail

SHARDS=8
kpi run --manifest /shared/kpi/nightly.yaml --out-dir /shared/kpi/out \
  --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" --skip-unchanged --quiet
code=$?
# Exit 1 (some clients with errors) is a finished shard, which the merge reports; only exit 2 (the
# shard could not run) fails the task, so `scontrol requeue` or a resubmission of that index retries it.
if [ "$code" -gt 1 ]; then
  exit "$code"
fi
