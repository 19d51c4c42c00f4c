#!/usr/bin/env bash
# Merge the parts of a sharded negsim run into its report (run after every
# shard task has finished; submit.sh chains it with --dependency=afterok).
#   PARTS   directory of the part files (default: parts)
#   RESULT  report file (default: result.json)
#   NEGSIM  the negsim binary (default: negsim on PATH)
#SBATCH --job-name=negsim-merge
#SBATCH --time=00:10:00
#SBATCH --output=negsim-merge-%j.log
set -euo pipefail
PARTS=${PARTS:-parts}
RESULT=${RESULT:-result.json}
NEGSIM=${NEGSIM:-negsim}
"$NEGSIM" merge "$PARTS"/part-*.json --format json --output "$RESULT"
"$NEGSIM" merge "$PARTS"/part-*.json
