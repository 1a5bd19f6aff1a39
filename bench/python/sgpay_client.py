"""The measured client for the Python binding: one sgpay.Client, dicts in, dicts out."""

import sys

import sgpay
from workload import bodies, measure, parse_args


def main() -> None:
    """Runs the calls and prints their durations."""
    args = parse_args(sys.argv[1:])
    key = {"private_key_path": args.credential} if args.rsa else {"hmac_secret": args.credential}
    with sgpay.Client(base_url=args.base_url, project=args.project, **key) as client:

        def create() -> str:
            return client.create_session({})["session"]["id"]

        request_bodies = bodies(args, create, client.start_payment)
        call = client.start_payment if args.start else client.status
        measure(args, call, request_bodies)


if __name__ == "__main__":
    main()
