"""Run every benchmark in ``bench/`` and print its figures."""

import sys


def main() -> int:
    print("No benchmarks yet; see bench/README.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
