# Sourced by bin/setup-env, bin/test and bin/demo: which Saleor the plugin runs inside.
#
# SALEOR_SOURCE is a Saleor source tree, a tarball of one (`git archive` of
# github.com/saleor/saleor, as kept in ../shared/saleor/ for machines that cannot clone),
# or a Git URL (then SALEOR_REF names the commit). Default: the 3.24 tarball beside the
# clone when it is there, else the public repository at the supported commit.
# Each source gets its own folder under .saleor/<id>/: the unpacked tree and a venv.

SALEOR_DEFAULT_TARBALL="../shared/saleor/saleor-3.24.0a0-723cd4e.tar.gz"
SALEOR_DEFAULT_GIT="https://github.com/saleor/saleor"
SALEOR_DEFAULT_REF="723cd4eba87dfc72822ade45dc08a3caa548428d"

saleor_source() {
  if [ -n "${SALEOR_SOURCE:-}" ]; then
    printf '%s\n' "$SALEOR_SOURCE"
  elif [ -f "$SALEOR_DEFAULT_TARBALL" ]; then
    printf '%s\n' "$(cd "$(dirname "$SALEOR_DEFAULT_TARBALL")" && pwd)/$(basename "$SALEOR_DEFAULT_TARBALL")"
  else
    printf '%s\n' "$SALEOR_DEFAULT_GIT"
  fi
}

is_git_url() {
  case "$1" in
    http://*|https://*|git@*|ssh://*|git://*|*.git) return 0 ;;
    *) return 1 ;;
  esac
}

# A short, stable name for a source: the tarball's name, the tree's folder name plus a hash
# of its path, or git-<ref>.
saleor_id() {
  local source=$1
  if is_git_url "$source"; then
    printf 'git-%s\n' "$(printf '%s' "${SALEOR_REF:-$SALEOR_DEFAULT_REF}" | cut -c1-12)"
  elif [ -f "$source" ]; then
    basename "$source" | sed -E 's/\.(tar\.gz|tgz|tar)$//'
  else
    printf '%s-%s\n' "$(basename "$source")" \
      "$(printf '%s' "$(cd "$source" 2>/dev/null && pwd)" | sha256sum | cut -c1-8)"
  fi
}

SALEOR_SRC_INPUT=$(saleor_source)
SALEOR_ID=$(saleor_id "$SALEOR_SRC_INPUT")
SALEOR_HOME=".saleor/$SALEOR_ID"
VENV="$SALEOR_HOME/venv"
export SALEOR_ID SALEOR_HOME VENV
# Bytecode is written (and kept in .saleor/ and __pycache__/, both ignored): with
# PYTHONDONTWRITEBYTECODE set, as on this workplace's machines, every Python process (each
# pytest worker, celery worker and command under test) compiled Saleor and its dependencies
# from source again, which cost a minute or more per process.
unset PYTHONDONTWRITEBYTECODE
