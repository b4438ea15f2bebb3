import json, sys, urllib.request, uuid, datetime
base = sys.argv[1]; n = int(sys.argv[2]); out = sys.argv[3]
def call(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header('Content-Type', 'application/json')
    if token: req.add_header('Authorization', 'Bearer ' + token)
    try:
        with urllib.request.urlopen(req) as r: return r.status, json.loads(r.read() or b'null')
    except urllib.error.HTTPError as e: return e.code, json.loads(e.read() or b'null')
def register(email):
    s, b = call('POST', '/api/v1/auth/register', {'email': email, 'password': 'a fine password', 'fullName': 'Bench'})
    assert s == 201, (s, b); return b['accessToken']
def login(email, pw):
    s, b = call('POST', '/api/v1/auth/login', {'email': email, 'password': pw}); assert s == 200, (s, b); return b['accessToken']
import time
for _ in range(30):
    s, b = call('POST', '/api/v1/auth/login', {'email': 'admin@ticketbooking.local', 'password': 'dev-only-admin-password'})
    if s == 200: break
    time.sleep(1)
admin = b['accessToken']
org_email = 'org-%s@example.com' % uuid.uuid4(); register(org_email)
org_id = call('GET', '/api/v1/users/me', token=login(org_email, 'a fine password'))[1]['id']
s, b = call('POST', '/api/v1/admin/users/%s/roles' % org_id, {'roles': ['ORGANIZER']}, admin); assert s == 200, b
org = login(org_email, 'a fine password')
now = datetime.datetime.now(datetime.timezone.utc)
iso = lambda d: (now + d).strftime('%Y-%m-%dT%H:%M:%SZ')
def event(cap, limit):
    s, b = call('POST', '/api/v1/events', {'name': 'Bench', 'venue': 'Hall', 'timezone': 'UTC', 'startsAt': iso(datetime.timedelta(days=30)),
        'endsAt': iso(datetime.timedelta(days=30, hours=3)), 'salesStartAt': iso(-datetime.timedelta(minutes=5)), 'salesEndAt': iso(datetime.timedelta(days=20)),
        'ticketTypes': [{'name': 'GA', 'price': 1000, 'currency': 'EUR', 'capacity': cap, 'perUserLimit': limit}]}, org)
    assert s == 201, b; return b['id'], b['ticketTypes'][0]['id']
ev, tt = event(1, 1)
tokens = [register('b-%s@example.com' % uuid.uuid4()) for _ in range(n)]
s, b = call('POST', '/api/v1/orders', {'eventId': ev, 'ticketTypeId': tt, 'quantity': 1}, tokens[0]); assert s == 201, b
with open(out + '/tokens.txt', 'w') as f: f.write('\n'.join(tokens) + '\n')
with open(out + '/body.json', 'w') as f: f.write(json.dumps({'eventId': ev, 'ticketTypeId': tt, 'quantity': 1}))
print('ok', ev, tt)
