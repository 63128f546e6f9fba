"""What the tests share besides fixtures (those are in tests/conftest.py), one module per
topic:

- `accounts`: the staff password, signing in and out as a browser does, adding staff
- `answers`: what a requester answers, as model fields and as a browser sends the forms
- `audit`: the audit rows the tests read back
- `browser`: steps in Chromium (signing in, filling in the form) and axe-core's findings
- `client`: the test client whose every request gets its own app context
- `clock`: the instant every test runs at, and days counted as the practice counts them
- `counts`: the number of requests in each status, kept and counted
- `database`: the test database of each test process, made and dropped
- `desk`: a staff member's browser on a request's page, and what they fill in
- `factories`: requests taken to a status through the lifecycle's own steps
- `forms`: CSRF and submission tokens read from a page, forms posted as a browser does
- `letters` and `pdf`: the letters of a request, written and read back as text
- `pages`: what the tests read from the staff pages (tracking codes, counts, inputs)
- `requester`: the status lookup, as a requester does it
- `skips`: why a test is skipped and what runs it, for the summary at the end of a run
- `smtp`: a real SMTP server on 127.0.0.1
- `stored`: what the database holds, read back past the test's own session
- `uploads`: files as a browser uploads them
"""
