#!/usr/bin/env python3
"""Writes the labelled redaction corpus: collector/src/test/resources/dev/gitml/collector/redact/corpus.jsonl.

Development tool only (the product does not use Python). Every secret is made here from a fixed
seed: format-valid for its provider, but fake. Each line is
  {"id": "...", "family": "...", "context": "...", "text": "...", "secrets": ["..."]}
where "secrets" lists substrings that must not survive redaction; negatives have "secrets": []
and must come out unchanged. Run:  python3 collector/src/test/corpus/make_corpus.py
"""
import base64, json, os, random, string

R = random.Random(20261122)
UP = string.ascii_uppercase
LO = string.ascii_lowercase
DIG = string.digits
AL = UP + LO + DIG
HEX = '0123456789abcdef'
B64 = AL + '+/'
URL = AL + '-_'

def rs(chars, n):
    return ''.join(R.choice(chars) for _ in range(n))

def b64bytes(n):
    return base64.b64encode(bytes(R.getrandbits(8) for _ in range(n))).decode()

def b64url(n):
    return base64.urlsafe_b64encode(bytes(R.getrandbits(8) for _ in range(n))).decode().rstrip('=')

def uuid():
    h = rs(HEX, 32)
    return f'{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}'

def jwt():
    header = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()).decode().rstrip('=')
    payload = base64.urlsafe_b64encode(json.dumps({"sub": str(R.randint(1000, 99999)), "name": R.choice(["ana", "li", "sam"]), "iat": R.randint(1600000000, 1800000000)}).encode()).decode().rstrip('=')
    return f'{header}.{payload}.{b64url(32)}'

def pem(kind):
    body_len = {'RSA': 1190, 'EC': 121, 'OPENSSH': 400, '': 1218, 'ENCRYPTED': 1300, 'DSA': 440, 'PGP': 900}[kind]
    b = b64bytes(body_len)
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    if kind == 'PGP':
        head, tail = '-----BEGIN PGP PRIVATE KEY BLOCK-----', '-----END PGP PRIVATE KEY BLOCK-----'
        lines = ['', *lines, '=' + rs(B64, 4)]
    else:
        label = (kind + ' ' if kind else '') + 'PRIVATE KEY'
        head, tail = f'-----BEGIN {label}-----', f'-----END {label}-----'
    return '\n'.join([head, *lines, tail]), lines[len(lines) // 2] if kind != 'PGP' else lines[3]

def password():
    return rs(AL, R.randint(6, 9)) + R.choice('!#%^*-_.') + rs(DIG, 2) + rs(AL, R.randint(2, 5))

# --- secrets by family: (family, make) where make() -> (secret, env var name) --------------------
FAMILIES = {
    'aws-access-key-id': lambda: ('AKIA' + rs(UP + '234567', 16), 'AWS_ACCESS_KEY_ID'),
    'aws-secret-access-key': lambda: (rs(AL + '/+', 40), 'AWS_SECRET_ACCESS_KEY'),
    'aws-session-token': lambda: ('FwoGZXIvYXdzE' + rs(AL + '/+', 300), 'AWS_SESSION_TOKEN'),
    'gcp-api-key': lambda: ('AIza' + rs(URL, 35), 'GOOGLE_API_KEY'),
    'gcp-oauth-client-secret': lambda: ('GOCSPX-' + rs(URL, 28), 'GOOGLE_CLIENT_SECRET'),
    'gcp-oauth-refresh-token': lambda: ('1//0' + rs(URL, 60), 'GOOGLE_REFRESH_TOKEN'),
    'gcp-oauth-access-token': lambda: ('ya29.a0' + rs(URL, 120), 'GOOGLE_ACCESS_TOKEN'),
    'azure-ad-client-secret': lambda: (rs(AL, 3) + R.choice(DIG) + 'Q~' + rs(AL + '_~.-', 34), 'AZURE_CLIENT_SECRET'),
    'github-token': lambda: (R.choice(['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']) + rs(AL, 36), 'GITHUB_TOKEN'),
    'github-fine-grained-pat': lambda: ('github_pat_' + rs(AL, 22) + '_' + rs(AL, 59), 'GH_TOKEN'),
    'gitlab-token': lambda: (R.choice(['glpat-', 'gldt-', 'glrt-']) + rs(URL, 20), 'GITLAB_TOKEN'),
    'slack-token': lambda: (R.choice(['xoxb-', 'xoxp-']) + rs(DIG, 12) + '-' + rs(DIG, 13) + '-' + rs(AL, 24), 'SLACK_BOT_TOKEN'),
    'stripe-key': lambda: (R.choice(['sk_live_', 'rk_live_', 'sk_test_']) + rs(AL, R.choice([24, 34, 99])), 'STRIPE_SECRET_KEY'),
    'stripe-webhook': lambda: ('whsec_' + rs(AL, 32), 'STRIPE_WEBHOOK_SECRET'),
    'openai-api-key': lambda: (R.choice(['sk-proj-' + rs(URL, 74) + 'T3BlbkFJ' + rs(URL, 74), 'sk-' + rs(AL, 20) + 'T3BlbkFJ' + rs(AL, 20), 'sk-svcacct-' + rs(URL, 120)]), 'OPENAI_API_KEY'),
    'anthropic-api-key': lambda: ('sk-ant-api03-' + rs(URL, 93) + 'AA', 'ANTHROPIC_API_KEY'),
    'hugging-face-token': lambda: ('hf_' + rs(UP + LO, 34), 'HF_TOKEN'),
    'npm-token': lambda: ('npm_' + rs(AL, 36), 'NPM_TOKEN'),
    'pypi-token': lambda: ('pypi-AgEIcHlwaS5vcmc' + rs(URL, 140), 'TWINE_PASSWORD'),
    'twilio-api-key': lambda: ('SK' + rs(HEX, 32), 'TWILIO_API_KEY'),
    'twilio-auth-token': lambda: (rs(HEX, 32), 'TWILIO_AUTH_TOKEN'),
    'sendgrid-api-key': lambda: ('SG.' + rs(URL, 22) + '.' + rs(URL, 43), 'SENDGRID_API_KEY'),
    'mailgun-key': lambda: ('key-' + rs(HEX + LO, 32), 'MAILGUN_API_KEY'),
    'digitalocean-token': lambda: ('dop_v1_' + rs(HEX, 64), 'DIGITALOCEAN_TOKEN'),
    'shopify-token': lambda: (R.choice(['shpat_', 'shpss_', 'shpca_']) + rs(HEX, 32), 'SHOPIFY_ACCESS_TOKEN'),
    'telegram-bot-token': lambda: (str(R.randint(100000000, 9999999999)) + ':AA' + rs(URL, 33), 'TELEGRAM_BOT_TOKEN'),
    'databricks-token': lambda: ('dapi' + rs(HEX, 32), 'DATABRICKS_TOKEN'),
    'vault-token': lambda: (R.choice(['hvs.' + rs(URL, 24), 'hvs.CAESI' + rs(URL, 90)]), 'VAULT_TOKEN'),
    'sentry-token': lambda: (R.choice(['sntryu_' + rs(HEX, 64), 'sntrys_eyJpYXQiOjE3' + rs(URL, 100)]), 'SENTRY_AUTH_TOKEN'),
    'grafana-token': lambda: (R.choice(['glsa_' + rs(AL, 32) + '_' + rs(HEX, 8), 'glc_' + rs(AL, 48)]), 'GRAFANA_TOKEN'),
    'jwt': lambda: (jwt(), 'ID_TOKEN'),
    'age-secret-key': lambda: ('AGE-SECRET-KEY-1' + rs('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58), 'AGE_KEY'),
    'alibaba-access-key-id': lambda: ('LTAI' + rs(AL, 20), 'ALIBABA_ACCESS_KEY_ID'),
    'heroku-api-key': lambda: (uuid(), 'HEROKU_API_KEY'),
    'heroku-api-key-v2': lambda: ('HRKU-' + rs(URL, 60), 'HEROKU_API_KEY'),
    'cloudflare-api-token': lambda: (rs(URL, 40), 'CLOUDFLARE_API_TOKEN'),
    'fly-token': lambda: ('fo1_' + rs(URL, 43), 'FLY_API_TOKEN'),
    'vercel-token': lambda: (rs(AL, 24), 'VERCEL_TOKEN'),
    'netlify-token': lambda: ('nfp_' + rs(AL, 36), 'NETLIFY_AUTH_TOKEN'),
    'supabase-token': lambda: ('sbp_' + rs(HEX, 40), 'SUPABASE_ACCESS_TOKEN'),
    'terraform-cloud-token': lambda: (rs(AL, 14) + '.atlasv1.' + rs(AL, 67), 'TFE_TOKEN'),
    'pulumi-token': lambda: ('pul-' + rs(HEX, 40), 'PULUMI_ACCESS_TOKEN'),
    'doppler-token': lambda: ('dp.st.' + rs(AL, 43), 'DOPPLER_TOKEN'),
    'planetscale-token': lambda: ('pscale_tkn_' + rs(URL, 43), 'PLANETSCALE_SERVICE_TOKEN'),
    'dynatrace-token': lambda: ('dt0c01.' + rs(UP + DIG, 24) + '.' + rs(UP + DIG, 64), 'DT_API_TOKEN'),
    'new-relic-key': lambda: ('NRAK-' + rs(UP + DIG, 27), 'NEW_RELIC_API_KEY'),
    'datadog-api-key': lambda: (rs(HEX, 32), 'DD_API_KEY'),
    'okta-token': lambda: ('00' + rs(URL, 40), 'OKTA_API_TOKEN'),
    'bitbucket-app-password': lambda: ('ATATT3xFfGF0' + rs(URL, 180), 'BITBUCKET_TOKEN'),
    'rubygems-token': lambda: ('rubygems_' + rs(HEX, 48), 'GEM_HOST_API_KEY'),
    'nuget-key': lambda: ('oy2' + rs(LO + DIG, 43), 'NUGET_API_KEY'),
    'clojars-token': lambda: ('CLOJARS_' + rs(LO + DIG, 60), 'CLOJARS_PASSWORD'),
    'docker-hub-token': lambda: ('dckr_pat_' + rs(URL, 27), 'DOCKERHUB_TOKEN'),
    'artifactory-token': lambda: ('AKCp8' + rs(AL, 68), 'ARTIFACTORY_API_KEY'),
    'postman-api-key': lambda: ('PMAK-' + rs(HEX, 24) + '-' + rs(HEX, 34), 'POSTMAN_API_KEY'),
    'linear-api-key': lambda: ('lin_api_' + rs(AL, 40), 'LINEAR_API_KEY'),
    'notion-token': lambda: (R.choice(['secret_' + rs(AL, 43), 'ntn_' + rs(DIG, 11) + rs(AL, 35)]), 'NOTION_TOKEN'),
    'airtable-token': lambda: ('pat' + rs(AL, 14) + '.' + rs(HEX, 64), 'AIRTABLE_TOKEN'),
    'readme-api-key': lambda: ('rdme_' + rs(LO + DIG, 70), 'README_API_KEY'),
    'prefect-token': lambda: ('pnu_' + rs(AL, 36), 'PREFECT_API_KEY'),
    'harness-token': lambda: ('pat.' + rs(URL, 22) + '.' + rs(HEX, 24) + '.' + rs(AL, 20), 'HARNESS_API_KEY'),
    'codecov-token': lambda: (uuid(), 'CODECOV_TOKEN'),
    'snyk-token': lambda: (uuid(), 'SNYK_TOKEN'),
    'discord-bot-token': lambda: (R.choice('MNO') + rs(URL, 25) + '.' + rs(URL, 6) + '.' + rs(URL, 38), 'DISCORD_BOT_TOKEN'),
    'mailchimp-api-key': lambda: (rs(HEX, 32) + '-us' + str(R.randint(1, 21)), 'MAILCHIMP_API_KEY'),
    'sendinblue-api-key': lambda: ('xkeysib-' + rs(HEX, 64) + '-' + rs(AL, 16), 'BREVO_API_KEY'),
    'postmark-token': lambda: (uuid(), 'POSTMARK_SERVER_TOKEN'),
    'square-token': lambda: (R.choice(['sq0atp-' + rs(URL, 22), 'sq0csp-' + rs(URL, 43), 'EAAA' + rs(URL, 60)]), 'SQUARE_ACCESS_TOKEN'),
    'paypal-braintree-token': lambda: ('access_token$production$' + rs(LO + DIG, 16) + '$' + rs(HEX, 32), 'BRAINTREE_ACCESS_TOKEN'),
    'flutterwave-key': lambda: ('FLWSECK-' + rs('abcdefgh0123456789', 32) + '-X', 'FLW_SECRET_KEY'),
    'easypost-key': lambda: ('EZAK' + rs(AL, 54), 'EASYPOST_API_KEY'),
    'shippo-token': lambda: ('shippo_live_' + rs(HEX, 40), 'SHIPPO_API_TOKEN'),
    'coinbase-key': lambda: (rs(URL, 64), 'COINBASE_API_SECRET'),
    'plaid-secret': lambda: ('access-production-' + uuid(), 'PLAID_ACCESS_TOKEN'),
    'groq-api-key': lambda: ('gsk_' + rs(AL, 52), 'GROQ_API_KEY'),
    'xai-api-key': lambda: ('xai-' + rs(AL, 80), 'XAI_API_KEY'),
    'perplexity-api-key': lambda: ('pplx-' + rs(AL, 48), 'PERPLEXITY_API_KEY'),
    'replicate-token': lambda: ('r8_' + rs(AL, 37), 'REPLICATE_API_TOKEN'),
    'cohere-api-key': lambda: (rs(AL, 40), 'COHERE_API_KEY'),
    'langsmith-key': lambda: ('lsv2_pt_' + rs(HEX, 32) + '_' + rs(HEX, 10), 'LANGSMITH_API_KEY'),
    'mapbox-secret-token': lambda: ('sk.eyJ1Ijoi' + rs(URL, 60) + '.' + rs(URL, 22), 'MAPBOX_SECRET_TOKEN'),
    'dropbox-token': lambda: ('sl.u.' + rs(URL, 140), 'DROPBOX_ACCESS_TOKEN'),
    'facebook-token': lambda: ('EAAB' + rs(AL, 120), 'FB_ACCESS_TOKEN'),
    'firebase-fcm-key': lambda: ('AAAA' + rs(URL, 7) + ':APA91b' + rs(URL, 134), 'FCM_SERVER_KEY'),
    'openshift-token': lambda: ('sha256~' + rs(URL, 43), 'OPENSHIFT_TOKEN'),
    'generic-secret': lambda: (rs(AL, 48), 'SECRET_KEY'),
    'generic-hex-secret': lambda: (rs(HEX, 64), 'APP_SIGNING_KEY'),
    'generic-b64-secret': lambda: (b64bytes(32), 'ENCRYPTION_KEY'),
    'password-assignment': lambda: (password(), 'DB_PASSWORD'),
}

# --- contexts: (name, template(var, secret) -> text) ---------------------------------------------
def esc(s):
    """The text as a JSON string body: how transcripts store it."""
    return json.dumps(s)[1:-1]

def lower_var(var):
    return var.lower()

def camel(var):
    parts = var.lower().split('_')
    return parts[0] + ''.join(p.title() for p in parts[1:])

CONTEXTS = [
    ('env', lambda v, s: f'{v}={s}'),
    ('env-quoted', lambda v, s: f'export {v}="{s}"'),
    ('diff-python', lambda v, s: f'@@ -12,6 +12,7 @@ import os\n import requests\n \n+{v} = "{s}"\n BASE_URL = "https://api.internal.dev/v2"\n'),
    ('yaml', lambda v, s: f'services:\n  api:\n    environment:\n      {v}: {s}\n      LOG_LEVEL: info'),
    ('json', lambda v, s: '{\n  "name": "deploy",\n  "' + lower_var(v) + '": "' + s + '",\n  "region": "eu-west-1"\n}'),
    ('js', lambda v, s: f"const {camel(v)} = '{s}';\nexport default {{ {camel(v)} }};"),
    ('transcript', lambda v, s: '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01' + rs(AL, 20) + '","content":"' + esc(f'$ cat .env\nNODE_ENV=production\n{v}={s}\nPORT=8080\n') + '"}]}}'),
    ('chat-shell', lambda v, s: f'can you run this for me: `{v}={s} npm run deploy -- --prod` it fails with 401'),
    ('log', lambda v, s: f'2026-11-02T10:14:03.118Z ERROR [auth] request rejected: {lower_var(v)}={s} scope=read status=401\n    at Client.send (client.js:88:13)'),
]

def positives():
    out = []
    for fam, make in FAMILIES.items():
        for ctx_name, ctx in R.sample(CONTEXTS, 4):
            secret, var = make()
            out.append(dict(family=fam, context=ctx_name, text=ctx(var, secret), secrets=[secret]))
    # bare tokens: in commands and prose, no telling variable name
    bare = {
        'github-token': lambda s: f'git clone https://x-access-token:{s}@github.com/acme/api.git',
        'slack-webhook': lambda s: f'curl -X POST -H "Content-type: application/json" --data \'{{"text":"deploy done"}}\' {s}',
        'discord-webhook': lambda s: f'WEBHOOK = "{s}"  # post build results',
        'teams-webhook': lambda s: f'notify:\n  url: {s}',
        'telegram-bot-token': lambda s: f'curl https://api.telegram.org/bot{s}/getUpdates',
        'aws-access-key-id': lambda s: f'botocore.exceptions.ClientError: An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid. AccessKeyId: {s}',
        'jwt': lambda s: f'I got this token back from /login: {s} -- why does the API say it is expired?',
        'openai-api-key': lambda s: f'openai.AuthenticationError: Error code: 401 - Incorrect API key provided: {s}.',
        'anthropic-api-key': lambda s: f'client = anthropic.Anthropic(api_key="{s}")',
        'stripe-key': lambda s: f'curl https://api.stripe.com/v1/charges -u {s}:',
        'gcp-api-key': lambda s: f'fetch(`https://maps.googleapis.com/maps/api/geocode/json?address=${{q}}&key={s}`)',
        'hugging-face-token': lambda s: f'huggingface-cli login --token {s}',
        'npm-token': lambda s: f'//registry.npmjs.org/:_authToken={s}',
        'sendgrid-api-key': lambda s: f'sg = SendGridAPIClient("{s}")',
        'gitlab-token': lambda s: f'curl --header "PRIVATE-TOKEN: {s}" "https://gitlab.com/api/v4/projects"',
        'databricks-token': lambda s: f'databricks configure --token\nHost: https://adb-123.azuredatabricks.net\nToken: {s}',
        'digitalocean-token': lambda s: f'doctl auth init --access-token {s}',
        'vault-token': lambda s: f'vault login {s}',
        'pypi-token': lambda s: f'[pypi]\n  username = __token__\n  password = {s}',
    }
    mk = {
        'slack-webhook': lambda: 'https://hooks.slack.com/services/T' + rs(UP + DIG, 8) + '/B' + rs(UP + DIG, 10) + '/' + rs(AL, 24),
        'discord-webhook': lambda: f'https://discord.com/api/webhooks/{R.randint(10**17, 10**18)}/' + rs(URL, 68),
        'teams-webhook': lambda: f'https://acme.webhook.office.com/webhookb2/{uuid()}@{uuid()}/IncomingWebhook/{rs(HEX, 32)}/{uuid()}',
    }
    for fam, tpl in bare.items():
        for _ in range(3):
            s = mk[fam]() if fam in mk else FAMILIES[fam]()[0]
            label = s
            if fam == 'slack-webhook':
                label = s.split('/services/')[1]
            if fam == 'discord-webhook' or fam == 'teams-webhook':
                label = s.rsplit('/', 1)[1] if fam == 'discord-webhook' else s
            out.append(dict(family=fam, context='bare', text=tpl(s), secrets=[label]))
    # private keys of every kind, raw, in a diff, JSON-escaped
    for kind in ['RSA', 'EC', 'OPENSSH', '', 'ENCRYPTED', 'DSA', 'PGP']:
        for ctx in ['file', 'diff', 'transcript', 'truncated']:
            key, middle = pem(kind)
            if ctx == 'file':
                text = key + '\n'
            elif ctx == 'diff':
                text = 'diff --git a/deploy/id_key b/deploy/id_key\nnew file mode 100600\n--- /dev/null\n+++ b/deploy/id_key\n@@ -0,0 +1,30 @@\n' + '\n'.join('+' + l for l in key.split('\n'))
            elif ctx == 'transcript':
                text = '{"type":"tool_result","content":"' + esc('$ cat ~/.ssh/deploy\n' + key + '\n') + '"}'
            else:
                lines = key.split('\n')
                text = 'the output was cut off:\n' + '\n'.join(lines[:len(lines) // 2 + 2]) + '\n...'
            out.append(dict(family='private-key', context=ctx, text=text, secrets=[middle]))
    # GCP service-account JSON
    for _ in range(3):
        key, middle = pem('')
        kid = rs(HEX, 40)
        sa = {"type": "service_account", "project_id": "acme-prod", "private_key_id": kid,
              "private_key": key + '\n', "client_email": "ci@acme-prod.iam.gserviceaccount.com",
              "client_id": str(R.randint(10**20, 10**21))}
        out.append(dict(family='gcp-service-account', context='json', text=json.dumps(sa, indent=2), secrets=[kid, middle[:40]]))
    # Azure connection strings and SAS
    for _ in range(4):
        k = b64bytes(64)
        out.append(dict(family='azure-storage-key', context='config', text=f'"AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey={k};EndpointSuffix=core.windows.net"', secrets=[k]))
        k = b64bytes(32)
        out.append(dict(family='azure-connection-secret', context='config', text=f'SERVICEBUS_CONNECTION=Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={k}', secrets=[k]))
        sig = b64bytes(32).replace('+', '%2B').replace('/', '%2F').replace('=', '%3D')
        out.append(dict(family='azure-sas-signature', context='url', text=f'az storage blob upload --blob-url "https://acme.blob.core.windows.net/backups/db.gz?sv=2022-11-02&ss=b&srt=o&sp=rwc&se=2026-12-01T00:00:00Z&spr=https&sig={sig}"', secrets=[sig]))
    # passwords in URLs, flags, headers, docker, netrc, curl
    for _ in range(5):
        p = password()
        out.append(dict(family='url-password', context='env', text=f'DATABASE_URL=postgresql://app_user:{p}@db.prod.internal:5432/app', secrets=[p]))
        p = password()
        out.append(dict(family='url-password', context='code', text=f'client = MongoClient("mongodb+srv://admin:{p}@cluster0.x1y2z.mongodb.net/?retryWrites=true")', secrets=[p]))
        p = password()
        out.append(dict(family='password-flag', context='shell', text=f'mysql -h 10.0.3.7 -u root -p{p} orders < dump.sql', secrets=[p]))
        p = password()
        out.append(dict(family='password-flag', context='shell', text=f'docker login registry.acme.io --username ci --password {p}', secrets=[p]))
        p = password()
        out.append(dict(family='password-flag', context='shell', text=f'PGPASSWORD={p} psql -h db -U app -c "select 1"', secrets=[p]))
        p = password()
        out.append(dict(family='password-flag', context='transcript', text='{"tool_input":{"command":"' + esc(f'sshpass -p \'{p}\' ssh deploy@10.0.0.5 "systemctl restart api"') + '"}}', secrets=[p]))
        p = password()
        out.append(dict(family='curl-user', context='shell', text=f'curl -u admin:{p} https://jenkins.acme.io/api/json', secrets=[p]))
        cred = base64.b64encode(f'ci:{password()}'.encode()).decode()
        out.append(dict(family='basic-auth-header', context='http', text=f'GET /v1/status HTTP/1.1\nHost: api.acme.io\nAuthorization: Basic {cred}\nAccept: */*', secrets=[cred]))
        tok = rs(AL + '-_.', 48)
        out.append(dict(family='bearer-token', context='shell', text=f'curl -s -H "Authorization: Bearer {tok}" https://api.acme.io/v1/me | jq .', secrets=[tok]))
        tok = rs(AL, 40)
        out.append(dict(family='auth-header-token', context='code', text=f'headers = {{"X-API-Key": "{tok}", "Accept": "application/json"}}', secrets=[tok]))
        auth = base64.b64encode(f'robot:{password()}'.encode()).decode()
        out.append(dict(family='docker-config-auth', context='json', text='{\n  "auths": {\n    "https://index.docker.io/v1/": {\n      "auth": "' + auth + '"\n    }\n  }\n}', secrets=[auth]))
        p = password()
        out.append(dict(family='netrc-password', context='file', text=f'machine api.heroku.com\n  login ops@acme.io\n  password {p}', secrets=[p]))
        p = password()
        out.append(dict(family='password-assignment', context='yaml', text=f'spring:\n  datasource:\n    url: jdbc:postgresql://db:5432/app\n    username: app\n    password: {p}', secrets=[p]))
        p = password()
        out.append(dict(family='password-assignment', context='python', text=f'conn = psycopg2.connect(host="db", user="app", password="{p}")', secrets=[p]))
        p = password()
        out.append(dict(family='password-assignment', context='ini', text=f'[database]\nhost = 127.0.0.1\nuser = report\npasswd = {p}', secrets=[p]))
        p = password()
        out.append(dict(family='password-assignment', context='java', text=f'ds.setPassword("{p}");\nprops.put("javax.net.ssl.keyStorePassword", "{p}");', secrets=[p]))
        p = password()
        out.append(dict(family='password-assignment', context='xml', text=f'<property name="hibernate.connection.password">{p}</property>', secrets=[p]))
        p = password()
        out.append(dict(family='password-assignment', context='typed', text=f'    admin_password: str = "{p}"', secrets=[p]))
        p = rs(AL, 24)
        out.append(dict(family='npmrc-auth', context='file', text=f'registry=https://npm.acme.io/\n//npm.acme.io/:_auth={base64.b64encode(("ci:" + p).encode()).decode()}\nalways-auth=true', secrets=[base64.b64encode(("ci:" + p).encode()).decode()]))
        s = b64bytes(12)
        out.append(dict(family='kubernetes-secret-data', context='yaml', text=f'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\ntype: Opaque\ndata:\n  username: YWRtaW4=\n  password: {s}', secrets=[s]))
    # generic secrets of every common length under key-like names
    for n in [16, 20, 24, 32, 40, 64]:
        for var in ['API_SECRET', 'client_secret', 'authToken', 'signing_key', 'SESSION_KEY']:
            secret = rs(AL, n)
            ctx_name, ctx = R.choice(CONTEXTS)
            out.append(dict(family='generic-length', context=ctx_name, text=ctx(var, secret), secrets=[secret]))
    # written by hand, in the shapes real code and configs take: (template, secret)
    for _ in range(2):
        hand = [
            ("SECRET_KEY = 'django-insecure-{}'", rs(AL + '#!@(^&*)$-', 50)),
            ('Server=tcp:acme.database.windows.net,1433;Database=app;User Id=sa;Password={};Encrypt=true;', password()),
            ("define( 'AUTH_KEY',         '{}' );", rs(AL + '$!#@^&*()', 64)),
            ('os.environ["OPENAI_ORG_TOKEN"] = "{}"', rs(AL, 32)),
            ('os.environ.setdefault("SECRET_KEY", "{}")', rs(AL, 50)),
            ('redis-cli -h cache.internal -a {} ping', password()),
            ('kubectl create secret generic db --from-literal=password={}', password()),
            ('\\"password\\": \\"{}\\", \\"user\\": \\"bob\\"', password()),
            ('config.api_key = "{}"', rs(AL, 24)),
            ('apiKey := "{}"', rs(AL, 24)),
            ('$password = "{}";', password()),
            ('System.setProperty("db.password", "{}");', password()),
            ('mongo "mongodb://admin:{}@10.0.0.4:27017/admin"', password()),
            ('aws configure set aws_secret_access_key {}', rs(AL + '/+', 40)),
            ('smtp_pass: {}', password()),
            ('<add key="StorageApiKey" value="{}" />', rs(AL, 40)),
            ('<password>{}</password>', password()),
            ('ENV API_TOKEN={}', rs(AL, 40)),
            ('let client = Client::new("{}");', FAMILIES['anthropic-api-key']()[0]),
            ('    "Authorization": "Token {}",', rs(HEX, 40)),
        ]
        for template, secret in hand:
            out.append(dict(family='handwritten', context='code', text=template.format(secret), secrets=[secret]))
    return out

def negatives():
    sha = lambda: rs(HEX, 40)
    n = []
    def add(ctx, text):
        n.append(dict(family='negative', context=ctx, text=text, secrets=[]))
    for _ in range(6):
        add('git-log', f'commit {sha()}\nAuthor: Ana Lima <ana@acme.io>\nDate:   Mon Nov 2 10:14:03 2026 +0100\n\n    Fix token refresh race in session manager')
        add('git-oneline', '\n'.join(f'{sha()[:7]} {m}' for m in ['rotate secret keys monthly', 'add password strength meter', 'bump api token ttl']))
        add('lockfile', f'    "node_modules/lodash": {{\n      "version": "4.17.21",\n      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",\n      "integrity": "sha512-{b64bytes(64)}"\n    }},')
        add('yarn-lock', f'js-tokens@^4.0.0:\n  version "4.0.0"\n  resolved "https://registry.yarnpkg.com/js-tokens/-/js-tokens-4.0.0.tgz#{sha()}"\n  integrity sha512-{b64bytes(64)}')
        add('go-sum', f'github.com/golang-jwt/jwt/v5 v5.2.1 h1:{b64bytes(32)}\ngithub.com/golang-jwt/jwt/v5 v5.2.1/go.mod h1:{b64bytes(32)}')
        add('cargo-lock', f'[[package]]\nname = "secrecy"\nversion = "0.8.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "{rs(HEX, 64)}"')
        add('poetry-lock', f'files = [\n    {{file = "keyring-24.3.0-py3-none-any.whl", hash = "sha256:{rs(HEX, 64)}"}},\n]')
        add('uuid', f'INFO request_id={uuid()} session_id={uuid()} user_id={uuid()} path=/api/token/refresh status=200')
        add('docker-digest', f'FROM python:3.12-slim@sha256:{rs(HEX, 64)}')
        add('ssh-pubkey', f'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{b64bytes(32)[:43]} ana@laptop')
        add('ssh-pubkey', f'public_key = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ{b64bytes(200)} deploy@ci"')
        add('certificate', '-----BEGIN CERTIFICATE-----\n' + '\n'.join(b64bytes(48) for _ in range(6)) + '\n-----END CERTIFICATE-----')
        add('public-key', '-----BEGIN PUBLIC KEY-----\n' + '\n'.join(b64bytes(48) for _ in range(4)) + '\n-----END PUBLIC KEY-----')
        add('image-data', f'<img src="data:image/png;base64,iVBORw0KGgo{b64bytes(120)}" alt="logo">')
        add('hash-test', f'assert hashlib.sha256(b"abc").hexdigest() == "{rs(HEX, 64)}"')
        add('transcript-prose', '{"type":"assistant","message":{"id":"msg_01' + rs(AL, 22) + '","content":[{"type":"text","text":"' + esc('I updated `refresh_token()` so the token is rotated before it expires.\nThe secret key is now read from the environment instead of settings.py.') + '"}]}}')
    placeholders = [
        'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        'OPENAI_API_KEY=your-api-key-here', 'OPENAI_API_KEY=<your-openai-key>', 'export GITHUB_TOKEN=${GITHUB_TOKEN}',
        'API_KEY=xxxxxxxxxxxxxxxxxxxxxxxx', 'DB_PASSWORD=changeme', 'password: ********', 'SECRET_KEY=${{ secrets.SECRET_KEY }}',
        'token: "{{ .Values.apiToken }}"', 'password: "{{ vault_db_password }}"', 'Authorization: Bearer <token>',
        'Authorization: Bearer ${ACCESS_TOKEN}', 'curl -H "Authorization: Bearer $TOKEN" https://api.github.com/user',
        'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'api_key = "INSERT_YOUR_KEY_HERE"', 'client_secret: REPLACE_ME',
        '//registry.npmjs.org/:_authToken=${NPM_TOKEN}', 'postgres://user:password@localhost:5432/mydb',
        'DATABASE_URL=postgres://${DB_USER}:${DB_PASS}@${DB_HOST}/app', 'mysql -u root -p', 'docker login --username ci --password-stdin < token.txt',
        'ANTHROPIC_API_KEY=sk-ant-...', 'HF_TOKEN=hf_xxx', 'password = "[REDACTED:password-assignment]"',
        'GITHUB_TOKEN=[REDACTED:github-token]', 'secret_key = os.environ["SECRET_KEY"]', "password='%(db_password)s'",
        'token = "<%= ENV["API_TOKEN"] %>"', 'jdbc.password=${JDBC_PASSWORD:}', 'spring.datasource.password=${DB_PASSWORD}',
    ]
    for p in placeholders:
        add('placeholder', p)
        add('placeholder-diff', '+' + p.replace('\n', '\n+'))
    code = [
        'password = getpass.getpass("Password: ")', 'self.password = password', 'def login(username: str, password: str) -> Token:',
        'if not password:\n    raise ValueError("password is required")', 'token = request.headers.get("Authorization")',
        'api_key: str', 'api_key: Optional[str] = None', 'password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())',
        'const token = await getAccessToken(scopes);', 'String secretKey = System.getenv("SECRET_KEY");',
        'response = client.chat.completions.create(model="gpt-4o", max_tokens=4096, messages=msgs)',
        'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")', 'secret_name: my-app-secret', 'key_path: ~/.ssh/id_ed25519',
        '"token_type": "Bearer",', '@Value("${jwt.secret}")\nprivate String jwtSecret;', 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db-secret\n        key: password',
        'The password must be at least 12 characters and contain a digit.', 'Set your API token under Settings > Developer settings > Tokens.',
        'We rotate the secret key every 90 days; see docs/security.md.', 'token_count = 1048576', '"max_tokens": 2048,',
        'passwordInput.addEventListener("change", validatePassword);', 'password: string = "";', 'private static final String TOKEN_HEADER = "X-Auth-Token";',
        'API_KEY_ENV_VAR = "OPENAI_API_KEY"', 'export const SECRET_KEY_NAME = "app.secret.key";', 'secretsmanager = boto3.client("secretsmanager")',
        'aws secretsmanager get-secret-value --secret-id prod/db', 'kubectl create secret generic db --from-literal=password=$(cat pw.txt)',
        '<input type="password" name="password" placeholder="Password" required>', 'forgot_password_url: /account/reset',
        'password_min_length: 12', 'TOKEN_EXPIRY_SECONDS=3600', 'access_token_ttl: 15m', 'credentials_file: ./gcp-sa.json',
        'key = f"{prefix}:{user_id}:{token_kind}"', 'cache_key = "user-profile-v2"', 'primary_key = "order_id"',
        'sort_key: created_at', '"keywords": ["secret", "token", "password"]', 'ssh -p 2222 deploy@bastion.acme.io',
        'git push https://github.com/acme/api.git main', 'url = "https://user@bitbucket.org/acme/api.git"',
        'redis_url: redis://localhost:6379/0', 'amqp://guest@rabbit:5672/', 'print(f"Bearer {token}")',
        'headers["Authorization"] = f"Bearer {self.token}"', 'authorization: Bearer', 'token = jwt.encode(payload, key, algorithm="HS256")',
        'session_token = None', 'refresh_token: Optional[str] = field(default=None, repr=False)', 'assert response.json()["access_token"]',
        'SECRET_KEY = get_random_secret_key()', 'private_key = load_pem_private_key(data, password=None)',
        'public_key_pem = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)',
        'client_id: 1234567890-abc123def456.apps.googleusercontent.com', 'stripe.api_key = os.getenv("STRIPE_KEY")',
        'STRIPE_PUBLISHABLE_KEY=pk_live_' + rs(AL, 24), 'if token.startswith("ghp_"):', 'prefixes = ["sk-", "sk-ant-", "AKIA"]',
        '"secret": false,', 'secret_santa_pairs = shuffle(people)', 'the_token_of_appreciation = "thanks a lot"',
        'bypass_cache = true', 'compass_heading = 270', 'password_policy: strict', 'passwordless: true',
        'token_url: https://oauth2.googleapis.com/token', 'auth_uri: https://accounts.google.com/o/oauth2/auth',
        'x-api-key: {{apiKey}}', 'X-API-Key: <your key>', 'grep -rn "api_key" src/ | head', '# TODO: move the api key into vault',
        'public static String generateToken(User user) {', 'tokens = text.split()', 'tokenize(source, keep_whitespace=True)',
        '  --token-file /var/run/secrets/kubernetes.io/serviceaccount/token', '--secret-id arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf',
        'signing_key_id = "k-2026-11"', 'encryption_key_version: 3', 'master_key_arn: arn:aws:kms:eu-west-1:123456789012:key/' + uuid(),
        'client_key_path = "/etc/ssl/private/client.key"', 'app_key_length=32', 'api_key_header = "X-API-KEY"',
        'apiKey: process.env.FIREBASE_API_KEY,', 'secret: !Ref DatabaseSecret', 'password: !Sub "{{resolve:secretsmanager:${Secret}}}"',
        'token := os.Getenv("GITHUB_TOKEN")', 'let token = env::var("API_TOKEN")?;', 'auth_token = settings.AUTH_TOKEN',
        'password = form.cleaned_data["password"]', 'user.set_password(raw_password)', 'PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]',
        'AUTH_PASSWORD_VALIDATORS = []', 'test_password_reset_flow_sends_email', 'passwd: files systemd', 'pwd = os.getcwd()',
        'cd $(pwd)/build', 'OLDPWD=/home/ana', 'pass_through: true', 'password_field = forms.CharField(widget=forms.PasswordInput)',
        'echo "Enter password:"; read -s PASSWORD', 'password: "Enter your password"', 'error: "Invalid password, try again"',
        'label: "Password (min. 8 characters)"', 'password = password', 'password=password,', 'login(user, password=password)',
        '"password": "",', 'password: null', 'DB_PASSWORD=', 'secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>',
        'id_token_hint = request.args.get("id_token_hint")', 'BEARER_PREFIX = "Bearer "', 'sha = "' + rs(HEX, 40) + '"',
        'commit_sha: ' + rs(HEX, 40), 'etag: "' + rs(HEX, 32) + '"', 'md5sum: ' + rs(HEX, 32), 'request_id: ' + uuid(),
        'trace_id=' + rs(HEX, 32) + ' span_id=' + rs(HEX, 16), 'object_key: uploads/2026/11/' + uuid() + '.png',
        'Location: https://s3.amazonaws.com/bucket/file.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600',
        'integrity="sha384-' + b64bytes(48) + '" crossorigin="anonymous"', 'nonce-' + b64bytes(16),
        'font-family: "Source Sans Pro"; --key-color: #1f6feb;', 'keyframes: fade-in 0.3s', 'onKeyDown={handleKey}',
        'const keyMap = { up: "ArrowUp", down: "ArrowDown" };', 'monkey-patch the token parser', 'tokio = { version = "1", features = ["full"] }',
        'secrets: inherit', 'permissions:\n  id-token: write\n  contents: read', 'uses: actions/checkout@' + rs(HEX, 40),
        'with:\n  token: ${{ secrets.GITHUB_TOKEN }}', 'env:\n  NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}',
    ]
    for c in code:
        add('code', c)
        # the same line as a diff hunk adds it, and as a transcript stores it
        add('diff', '@@ -3,4 +3,5 @@\n context line\n' + '\n'.join('+' + l for l in c.split('\n')))
        add('transcript-escaped', '{"tool_input":{"file_path":"src/app.py","new_string":"' + esc(c) + '"}}')
    # lines from real code (the JDK's and Python's sources) that fooled an earlier version
    real = [
        'ps("SecretKeyFactory", "PBEWithHmacSHA512/224AndAES_256",', 'subKey = new_subKey;',
        'public static final String ACCELERATOR_KEY="AcceleratorKey";', 'lastEncKey = this.p11Key;',
        'String P11KeyPairGenerator = "sun.security.pkcs11.P11KeyPairGenerator";',
        'Token token = p11Key.token;', 'byte[] encapsKey = kPkeKeyPair.publicKey.keyBytes;',
        '{ "destination.keystore.password", "Ziel-Keystore-Kennwort" },', 'ChallengePassword("1.2.840.113549.1.9.7"),',
        'boolean ignoreGroupIfUnknownKeywordSave = ignoreGroupIfUnknownKeyword;', 'public static final int TWO_PASSES = 0x4;',
        '"AWS::KMS::ReplicaKey": "903f43e74c8d8853",', '"aws:TagKeys":"AmazonDataZone*"', 'reserved_key = "AWS::CloudFormation::Module"',
        'ACL_CREDENTIALS = "Access-Control-Allow-Credentials"', '_SAM_KEY = "lambda:createdBy"', 'dest_key=\'Ec2KeyName\',',
        'raw_parameters[_STARTED_BY_PARAMETER_RAW_KEY] = _STARTED_BY_PARAMETER_VALUE', 'pthread_key_t = __darwin_pthread_key_t',
        'DEFAULT_KMS_KEY_ALIAS = "alias/aws/secretsmanager"', 'ClientRequestToken=\'{self.client_request_token}\'',
        '\'pass\': \'The "pass" statement is a null operation\',', '"passed": "green",', 'NOPASSWORD = "no-password-required"',
        'password: SecretStr', 'sign_password.encode(\'utf-8\')', 'self.assertEqual(splitpasswd(\'user:ab\'), (\'user\', \'ab\'))',
        'can be provided via the --username and --password options', 'taps = firwin(ntaps, pass_zero=\'bandstop\')',
        'Token.String: \'#ansiyellow\',', 'database_key = self.wrapped_test._hypothesis_internal_database_key',
        'when your file has \'-----BEGIN RSA PRIVATE KEY-----\' and \'-----END RSA PRIVATE KEY-----\' markers.',
        'Authorization: AWS4-HMAC-SHA256 Credential=mock_access_key/20220524/us-east-1/cognito-idp/aws4_request',
        'password_last_used = "not_supported"', '"kms:EncryptionContextKeys":"aws:dsql:ClusterId"',
    ]
    for line in real:
        add('real-code', line)
    # each family's variable, as docs and templates write it: a placeholder where the secret goes
    for fam, make in FAMILIES.items():
        secret, var = make()
        fill = R.choice([
            '${' + var + '}', '<' + var.lower().replace('_', '-') + '>', 'your-' + var.lower().replace('_', '-') + '-here',
            secret[:4] + ''.join('x' if c.isalnum() else c for c in secret[4:]), '${{ secrets.' + var + ' }}', '"$' + var + '"',
        ])
        add('placeholder-family', R.choice(CONTEXTS)[1](var, fill))
    # ordinary transcript lines, JSON-escaped
    for text in ['Please add a password reset endpoint and tests for it.',
                 'The token refresh fails after 15 minutes. Here is the stack trace:\nTraceback (most recent call last):\n  File "auth.py", line 42, in refresh\n    token = self._client.refresh(self.refresh_token)\nKeyError: \'expires_in\'',
                 'Read file src/secrets/manager.py (120 lines)', 'Ran: pytest tests/test_auth.py -k token -q\n12 passed in 0.84s',
                 'I will store the API key in the OS keychain via `keyring.set_password(service, user, key)`.',
                 'def verify(token: str, secret: str) -> bool:\n    return hmac.compare_digest(sign(token, secret), expected)']:
        add('transcript', '{"type":"user","message":{"role":"user","content":"' + esc(text) + '"}}')
        add('transcript', '{"type":"tool_result","content":"' + esc(text) + '"}')
    return n

def key_lines(head, tail, width, n, headers=()):
    """A key as ssh-keygen (70 columns), openssl (64) or gpg writes it, and one body line."""
    b = b64bytes(n)
    lines = [b[i:i + width] for i in range(0, len(b), width)]
    return '\n'.join([head, *headers, *lines, tail]), lines[len(lines) // 2]

def key_and_prose_positives():
    """Issue 14: keys in the formats the tools write, as a file and as a hunk's lines; secrets
    named in sentences. Made after the older cases, so those keep their random values."""
    out = []
    kinds = [
        ('ssh-keygen', lambda: key_lines('-----BEGIN OPENSSH PRIVATE KEY-----', '-----END OPENSSH PRIVATE KEY-----', 70, 2590)),
        ('ssh-keygen-ed25519', lambda: key_lines('-----BEGIN OPENSSH PRIVATE KEY-----', '-----END OPENSSH PRIVATE KEY-----', 70, 300)),
        ('openssl-genrsa', lambda: key_lines('-----BEGIN PRIVATE KEY-----', '-----END PRIVATE KEY-----', 64, 1218)),
        ('openssl-traditional-encrypted', lambda: key_lines('-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----', 64, 1200,
                                                           ('Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,' + rs(HEX, 32).upper(), ''))),
        ('openssl-ec', lambda: key_lines('-----BEGIN EC PRIVATE KEY-----', '-----END EC PRIVATE KEY-----', 64, 121)),
        ('openssl-pkcs8-encrypted', lambda: key_lines('-----BEGIN ENCRYPTED PRIVATE KEY-----', '-----END ENCRYPTED PRIVATE KEY-----', 64, 1300)),
        ('gpg-armor', lambda: key_lines('-----BEGIN PGP PRIVATE KEY BLOCK-----', '-----END PGP PRIVATE KEY BLOCK-----', 64, 700,
                                        ('Comment: ' + rs(HEX, 40).upper(), ''))),
    ]
    for kind, make in kinds:
        key, middle = make()
        out.append(dict(family='private-key', context=kind + '/whole-file', text=key + '\n', secrets=[middle]))
        key, middle = make()
        # a hunk's lines as gitml redacts them: one text, the key between other added lines
        out.append(dict(family='private-key', context=kind + '/hunk-lines', text='# deploy key, do not share\n' + key + '\n\nHost bastion\n  IdentityFile ~/.ssh/deploy', secrets=[middle]))
        key, middle = make()
        lines = key.split('\n')
        out.append(dict(family='private-key', context=kind + '/hunk-cut', text='\n'.join(['  ssh_key: |'] + ['    ' + l for l in lines[:len(lines) * 2 // 3]]), secrets=[middle]))
    aws_id = lambda: R.choice(['AKIA', 'ASIA']) + rs(UP + '234567', 16)
    aws_secret = lambda: rs(AL, 38) + R.choice(['/', '+', 'a']) + R.choice(DIG)
    for _ in range(6):
        i, sec, pw = aws_id(), aws_secret(), password()
        out.append(dict(family='aws-secret-beside-key-id', context='chat', text=f'My AWS key is {i} with secret {sec} and the db password is {pw}', secrets=[i, sec, pw]))
        i, sec = aws_id(), aws_secret()
        out.append(dict(family='aws-secret-beside-key-id', context='chat', text=f'here are the creds for the staging bucket: {i} / {sec} (rotate them after)', secrets=[i, sec]))
        i, sec = aws_id(), aws_secret()
        out.append(dict(family='aws-secret-beside-key-id', context='csv', text=f'User name,Access key ID,Secret access key\nci-deploy,{i},{sec}', secrets=[i, sec]))
        i, sec = aws_id(), aws_secret()
        out.append(dict(family='aws-secret-beside-key-id', context='transcript', text='{"type":"user","message":{"role":"user","content":"' + esc(f'use {i} and {sec} for the upload') + '"}}', secrets=[i, sec]))
    said = lambda template, secret: (template.format(s=secret), secret)
    prose = [
        lambda: said('the db password is {s}', password()),
        lambda: said('The password for root@db01 is "{s}".', password()),
        lambda: said('ok, the credentials are admin:{s}', password()),
        lambda: said('the api key = {s}', rs(HEX, 32)),
        lambda: said('and the secret key is {s}', rs(AL, 20) + R.choice(DIG)),
        lambda: said('I set the passphrase to {s} yesterday', password()),
        lambda: said('use the token {s} for the deploy job', rs(AL, 30) + rs(DIG, 3)),
        lambda: said('my access key: {s}', rs(AL, 20) + R.choice(DIG)),
        lambda: said('the staging passwd: {s}', password()),
        lambda: said('my token: {s} for the api', rs(AL, 28) + R.choice(DIG)),
    ]
    for make in prose:
        for ctx in ['chat', 'transcript']:
            text, secret = make()
            if ctx == 'transcript':
                text = '{"type":"user","message":{"role":"user","content":"' + esc(text) + '"}}'
            out.append(dict(family='secret-in-prose', context=ctx, text=text, secrets=[secret]))
    return out

PROSE_NEGATIVES = [
    'the password field is required', 'token: string', 'secret: process.env.X', 'the password is <password>',
    'password is changeme', 'password is ${DB_PASSWORD}', 'password is too short', 'The password is incorrect, please try again.',
    'the token is 3600 seconds old', 'Your password is stored as a bcrypt hash.', 'the secret key is read from settings.py',
    'password is PASSWORD_MIN_LENGTH', 'the token is user-profile-v2', 'if password is not None and token is None:',
    'String secret = computeSecret();', 'the secret sauce is patience', 'the api key is in the vault',
    'commit 3fa2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3 by AKIAIOSFODNN7EXAMPLE', 'use the token AuthenticationServiceFactory',
    'credentials are rotated monthly', 'access key ids look like AKIA followed by 16 characters', 'token is base64url-encoded',
    'the secret is HMAC-SHA256', 'the token is RS256-signed', 'If no credentials are found, raise.', 'if token is Name or token is Name.Class:',
    'def sign(password: bytes, salt: bytes):', 'arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-Ca8JGt',
    'the credentials are stored in ~/.aws/credentials', 'the password was reset to default', 'the token was revoked at 2024-01-05T10:00:00Z',
    'the password is now 12+ characters long', 'The API key is required for all requests.', 'The secret key is 32 bytes',
    'the token is `tokenValue`', "api key = os.environ['API_KEY']", 'access key ID: AKIAIOSFODNN7EXAMPLE',
    'the password is hashed with bcrypt before it is stored', 'If the token is expired, refresh it.', 'the secret is to cache the result',
    'the token is v2.1.0-beta', 'the password is utf8-encoded', 'the token is 64-char hex', 'the token is ghp_xxx', 'the password is ********',
    '# We will write token to .netrc for Linux and Windows', 'Set the password for the admin user in the settings page.', 'The secret is safe with the vault agent.', 'token is ISO-8601 formatted',
]

def prose_negatives():
    n = []
    for text in PROSE_NEGATIVES:
        n.append(dict(family='negative', context='prose', text=text, secrets=[]))
        n.append(dict(family='negative', context='prose-transcript', text='{"type":"user","message":{"role":"user","content":"' + esc(text) + '"}}', secrets=[]))
    return n

# --- issue 15: the families a held-out corpus of real-format secrets found missing ----------------
def pw_hard():
    """Passwords as people and generators make them, with the characters shells and URLs mind."""
    return R.choice([
        lambda: password(),
        lambda: rs(AL, R.randint(12, 20)),
        lambda: rs(AL + '!@#%^*_+=', R.randint(10, 16)),
        lambda: R.choice(['Winter', 'Falcon', 'Orchid', 'Rocket']) + str(R.randint(10, 99)) + R.choice('!#$*') + rs(AL, 3),
        lambda: rs(LO + DIG, 8) + '-' + rs(LO + DIG, 8),
    ])()

def url_safe_pw():
    return rs(AL, R.randint(8, 14)) + R.choice(['-', '_', '.', '']) + rs(AL + DIG, R.randint(3, 6))

def transcript_user(text):
    return '{"type":"user","message":{"role":"user","content":"' + esc(text) + '"}}'

def transcript_bash(command, output=''):
    return ('{"type":"assistant","message":{"role":"assistant","content":[{"type":"tool_use","id":"toolu_01' + rs(AL, 20)
            + '","name":"Bash","input":{"command":"' + esc(command) + '","description":"run it"}}]}}'
            + ('' if not output else ''))

def transcript_result(text):
    return '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01' + rs(AL, 20) + '","content":"' + esc(text) + '"}]}}'

def transcript_edit(path, text):
    return '{"type":"assistant","message":{"content":[{"type":"tool_use","name":"Edit","input":{"file_path":"' + path + '","new_string":"' + esc(text) + '"}}]}}'

def unseen_family_positives():
    out = []
    def add(family, context, text, *secrets):
        out.append(dict(family=family, context=context, text=text, secrets=list(secrets)))
    host = lambda: R.choice(['db.internal', '10.0.4.12', 'pg-primary.acme.io', 'localhost', 'mysql-01.prod', 'redis.cache.local'])
    user = lambda: R.choice(['root', 'admin', 'app', 'deploy', 'ci-bot', 'svc_reporting', 'postgres', 'ana.lima'])

    # 1. passwords given to client tools on their command lines
    cli = [
        lambda p: f'mysql -u{user()} -p{p} -h {host()} shop',
        lambda p: f"mysqldump --user={user()} --password='{p}' --single-transaction app > app.sql",
        lambda p: f'mysql --host={host()} --user=root --password={p} -e "SHOW DATABASES"',
        lambda p: f'psql "postgresql://{user()}:{p}@{host()}:5432/app?sslmode=require" -c "\\dt"',
        lambda p: f'PGPASSWORD="{p}" pg_dump -h {host()} -U {user()} app > backup.sql',
        lambda p: f"sshpass -p '{p}' scp build.tar.gz {user()}@{host()}:/opt/app/",
        lambda p: f'sshpass -p{p} ssh -o StrictHostKeyChecking=no {user()}@{host()}',
        lambda p: f'curl -sS -u {user()}:{p} -X POST https://ci.acme.io/job/deploy/build',
        lambda p: f'curl --user "{user()}:{p}" https://nexus.acme.io/service/rest/v1/repositories',
        lambda p: f'htpasswd -b -c /etc/nginx/.htpasswd {user()} {p}',
        lambda p: f'htpasswd -bB .htpasswd {user()} "{p}"',
        lambda p: f'redis-cli -h {host()} -p 6379 -a "{p}" --no-auth-warning INFO',
        lambda p: f'redis-cli -u redis://default:{p}@{host()}:6379 ping',
        lambda p: f"mongo admin -u {user()} -p '{p}' --authenticationDatabase admin",
        lambda p: f'mongosh "mongodb://{host()}:27017" --username {user()} --password {p}',
        lambda p: f'mongodump --uri="mongodb+srv://{user()}:{p}@cluster0.ab1cd.mongodb.net/shop" --out=/tmp/dump',
        lambda p: f'docker login -u {user()} -p {p} registry.acme.io',
        lambda p: f'podman login --username {user()} --password "{p}" quay.io',
        lambda p: f'helm registry login registry.acme.io -u {user()} -p {p}',
        lambda p: f'git clone https://{user()}:{p}@git.acme.io/platform/infra.git',
        lambda p: f'git remote set-url origin https://oauth2:{p}@gitlab.acme.io/team/api.git',
        lambda p: f'wget --http-user={user()} --http-password={p} https://files.acme.io/dump.tgz',
        lambda p: f'kubectl create secret docker-registry regcred --docker-server=ghcr.io --docker-username={user()} --docker-password={p}',
        lambda p: f'skopeo copy --src-creds {user()}:{p} docker://registry.acme.io/api:1.4 dir:/tmp/api',
        lambda p: f'http -a {user()}:{p} POST https://api.acme.io/v1/deploy',
        lambda p: f'sqlcmd -S {host()} -U sa -P "{p}" -Q "SELECT 1"',
        lambda p: f'rabbitmqctl add_user {user()} {p}',
        lambda p: f'net use Z: \\\\fileserver\\share /user:ACME\\{user()} {p}',
        lambda p: f'smbclient //fileserver/share -U {user()}%{p}',
        lambda p: f'lftp -u {user()},{p} sftp://{host()}',
        lambda p: f'ldapsearch -x -D "cn=admin,dc=acme,dc=io" -w {p} -b "dc=acme,dc=io"',
        lambda p: f'openssl pkcs12 -export -in cert.pem -inkey key.pem -out cert.p12 -passout pass:{p}',
        lambda p: f'keytool -importkeystore -srckeystore a.p12 -destkeystore a.jks -srcstorepass {p} -deststorepass {p}',
        lambda p: f'zip -P {p} -r backup.zip ./data',
        lambda p: f'7z a -p{p} secrets.7z ./vault',
        lambda p: f'mysqladmin -uroot -p{p} flush-privileges',
        lambda p: f'ftp://{user()}:{p}@ftp.acme.io/pub/',
    ]
    for i, make in enumerate(cli):
        p = pw_hard() if i not in (3, 12, 15, 19, 20, 36) else url_safe_pw()
        cmd = make(p)
        form = i % 4
        if form == 0:
            add('cli-password', 'shell', '$ ' + cmd, p)
        elif form == 1:
            add('cli-password', 'transcript-bash', transcript_bash(cmd), p)
        elif form == 2:
            add('cli-password', 'script', '#!/bin/sh\nset -eu\n' + cmd + '\necho done', p)
        else:
            add('cli-password', 'prose', f'I ran `{cmd}` and it hangs, any idea?', p)
    for make in [
        lambda p: (f'- name: restore db\n  shell: mysql -u root -p{p} app < /tmp/app.sql', p),
        lambda p: (f'  script:\n    - docker login -u "$CI_REGISTRY_USER" -p {p} $CI_REGISTRY', p),
        lambda p: (f'subprocess.run(["sshpass", "-p", "{p}", "ssh", "deploy@10.0.0.8", "uptime"])', p),
        lambda p: (f'RUN htpasswd -bc /etc/apache2/.htpasswd admin {p}', p),
        lambda p: (f'exec.Command("mysql", "-uroot", "-p{p}", "-e", query)', p),
    ]:
        text, p = make(pw_hard())
        add('cli-password', 'config', text, p)
        text, p = make(pw_hard())
        add('cli-password', 'transcript-edit', transcript_edit('deploy.yml', text), p)

    # 2. cloud and database connection strings
    conns = [
        lambda: (lambda k: (f'DefaultEndpointsProtocol=https;AccountName=acme{rs(LO, 4)};AccountKey={k};EndpointSuffix=core.windows.net', k))(b64bytes(64)),
        lambda: (lambda k: (f'"StorageConnection": "DefaultEndpointsProtocol=https;AccountName=files;AccountKey={k}"', k))(b64bytes(64)),
        lambda: (lambda k: (f'Endpoint=sb://acme-{rs(LO, 5)}.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={k};EntityPath=orders', k))(b64bytes(32)),
        lambda: (lambda k: (f'EVENTHUB_CONN="Endpoint=sb://telemetry.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey={k}"', k))(b64bytes(32)),
        lambda: (lambda k: (f'AccountEndpoint=https://acme-cosmos.documents.azure.com:443/;AccountKey={k};', k))(b64bytes(64)),
        lambda: (lambda k: (f'HostName=acme-hub.azure-devices.net;DeviceId=sensor-7;SharedAccessKey={k}', k))(b64bytes(32)),
        lambda: (lambda p: (f'Server=tcp:acme.database.windows.net,1433;Initial Catalog=app;User ID=sqladmin;Password={p};Encrypt=True;', p))(pw_hard().replace(';', '')),
        lambda: (lambda p: (f'"DefaultConnection": "Data Source=sql01;Initial Catalog=Shop;User Id=shop;Pwd={p};TrustServerCertificate=true"', p))(pw_hard().replace(';', '')),
        lambda: (lambda p: (f'<add name="Main" connectionString="Server=db;Database=crm;Uid=crm;Password={p};" providerName="System.Data.SqlClient" />', p))(rs(AL, 14)),
        lambda: (lambda p: (f'spring.datasource.url=jdbc:mysql://db:3306/app?user=app&password={p}&useSSL=true', p))(url_safe_pw()),
        lambda: (lambda p: (f'jdbc:sqlserver://sql01:1433;databaseName=crm;user=sa;password={p};encrypt=true', p))(url_safe_pw()),
        lambda: (lambda p: (f'jdbc:postgresql://pg:5432/app?user=report&password={p}', p))(url_safe_pw()),
        lambda: (lambda p: (f'MONGO_URL=mongodb+srv://{R.choice(["app", "admin"])}:{p}@prod.x7k2p.mongodb.net/app?retryWrites=true&w=majority', p))(url_safe_pw()),
        lambda: (lambda p: (f'CELERY_BROKER_URL = "amqp://worker:{p}@rabbitmq:5672/prod"', p))(url_safe_pw()),
        lambda: (lambda p: (f'REDIS_URL=rediss://default:{p}@redis-12345.c1.eu-west-1.ec2.cloud.redislabs.com:12345', p))(rs(AL, 32)),
        lambda: (lambda p: (f'cache: redis://:{p}@cache.internal:6379/0', p))(rs(AL, 24)),
        lambda: (lambda k: (f'acme.redis.cache.windows.net:6380,password={k},ssl=True,abortConnect=False', k))(b64bytes(32)),
        lambda: (lambda p: (f'DATABASE_URL="mysql://shop:{p}@aws.connect.psdb.cloud/shop?sslaccept=strict"', p))(url_safe_pw()),
        lambda: (lambda p: (f'sqlalchemy.url = postgresql+psycopg2://etl:{p}@warehouse:5432/dw', p))(url_safe_pw()),
        lambda: (lambda p: (f'Host=pg;Port=5432;Database=orders;Username=orders;Password={p}', p))(url_safe_pw()),
        lambda: (lambda k: (f'Endpoint=https://acme-signalr.service.signalr.net;AccessKey={k};Version=1.0;', k))(b64bytes(32)),
        lambda: (lambda k: (f'Endpoint=https://acme-config.azconfig.io;Id=Rd0b-l9-s0:{rs(AL, 20)};Secret={k}', k))(b64bytes(32)),
    ]
    for i, make in enumerate(conns):
        text, k = make()
        form = i % 4
        if form == 0:
            add('connection-string', 'config', text, k)
        elif form == 1:
            add('connection-string', 'transcript-result', transcript_result('$ cat appsettings.Production.json\n{\n  ' + text + '\n}'), k)
        elif form == 2:
            add('connection-string', 'diff', '@@ -1,3 +1,4 @@\n # settings\n+' + text + '\n LOG_LEVEL=info', k)
        else:
            add('connection-string', 'prose', f'the prod connection string is {text} -- can you check why it times out?', k)
        text, k = make()
        add('connection-string', 'code', f'var conn = "{text.replace(chr(34), "")}";', k)

    # 3. HTTP basic authentication
    def basic():
        return base64.b64encode(f'{user()}:{pw_hard()}'.encode()).decode()
    basics = [
        lambda c: f'curl -H "Authorization: Basic {c}" https://api.acme.io/v2/orders',
        lambda c: f"curl -s -H 'authorization: basic {c}' -X DELETE https://es.acme.io:9200/logs-2026.11",
        lambda c: f'GET /admin HTTP/1.1\r\nHost: admin.acme.io\r\nAuthorization: Basic {c}\r\n\r\n',
        lambda c: f'Proxy-Authorization: Basic {c}',
        lambda c: f'headers = {{"Authorization": "Basic {c}", "Content-Type": "application/json"}}',
        lambda c: f'req.setRequestHeader("Authorization", "Basic {c}");',
        lambda c: f'conn.setRequestProperty("Authorization", "Basic {c}");',
        lambda c: f'  headers:\n    Authorization: "Basic {c}"',
        lambda c: f'> Authorization: Basic {c}\n> User-Agent: curl/8.4.0',
        lambda c: f'fetch(url, {{ headers: {{ Authorization: `Basic {c}` }} }})',
        lambda c: f'add_header Authorization "Basic {c}";',
        lambda c: f'proxy_set_header Authorization "Basic {c}";',
        lambda c: f'the request sends Authorization: Basic {c} and gets a 403',
        lambda c: f'http.DefaultClient.Do(req) // req.Header.Set("Authorization", "Basic {c}")',
    ]
    for i, make in enumerate(basics):
        c = basic()
        text = make(c)
        add('basic-auth', 'raw', text, c)
        c = basic()
        wrap = transcript_user if i % 2 else transcript_result
        add('basic-auth', 'transcript', wrap(make(c)), c)
    for make in [
        lambda u, p: f'requests.get(url, auth=("{u}", "{p}"))',
        lambda u, p: f'requests.post(url, auth=HTTPBasicAuth("{u}", "{p}"), json=body)',
        lambda u, p: f'req.SetBasicAuth("{u}", "{p}")',
        lambda u, p: f'new UsernamePasswordCredentials("{u}", "{p}")',
        lambda u, p: f'axios.get(url, {{ auth: {{ username: "{u}", password: "{p}" }} }})',
        lambda u, p: f'.basicAuth("{u}", "{p}")',
    ]:
        p = pw_hard()
        add('basic-auth', 'code', make(user(), p), p)

    # 4. container registry credentials
    def dockercfg(auth):
        return json.dumps({"auths": {R.choice(["https://index.docker.io/v1/", "ghcr.io", "registry.gitlab.com", "123456789012.dkr.ecr.eu-west-1.amazonaws.com"]): {"auth": auth}}})
    for i in range(10):
        auth = base64.b64encode(f'{user()}:{pw_hard()}'.encode()).decode()
        cfg = dockercfg(auth)
        form = i % 5
        if form == 0:
            add('registry-auth', 'json', json.dumps(json.loads(cfg), indent='\t'), auth)
        elif form == 1:
            add('registry-auth', 'transcript-result', transcript_result('$ cat ~/.docker/config.json\n' + json.dumps(json.loads(cfg), indent=2)), auth)
        elif form == 2:
            b = base64.b64encode(cfg.encode()).decode()
            add('registry-auth', 'k8s-secret', f'apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {b}', b)
        elif form == 3:
            b = base64.b64encode(cfg.encode()).decode()
            add('registry-auth', 'helm-values', f'imagePullSecret:\n  dockerconfigjson: {b}', b)
        else:
            add('registry-auth', 'env', f"DOCKER_AUTH_CONFIG='{cfg}'", auth)
    for i in range(4):
        tok = 'eyJ' + rs(URL, 40) + '.' + rs(URL, 60) + '.' + rs(URL, 43) if i % 2 else rs(AL + DIG, 64)
        add('registry-auth', 'json', '{\n  "auths": {\n    "acme.azurecr.io": {\n      "identitytoken": "' + tok + '"\n    }\n  }\n}', tok)
    for i in range(3):
        p = pw_hard()
        add('registry-auth', 'json', '{"auths": {"quay.io": {"username": "robot+ci", "password": "' + p + '", "email": "ci@acme.io"}}}', p)
    b = base64.b64encode(dockercfg(base64.b64encode(b'ci:' + pw_hard().encode()).decode()).encode()).decode()
    add('registry-auth', 'shell', f'kubectl patch secret regcred -p \'{{"data":{{".dockerconfigjson":"{b}"}}}}\'', b)

    # 5. package registry tokens
    def pypi():
        return 'pypi-AgE' + R.choice(['IcHlwaS5vcmc', 'NdGVzdC5weXBpLm9yZw']) + rs(URL, R.randint(100, 180))
    pkg = [
        lambda: (lambda t: (f'[pypi]\nusername = __token__\npassword = {t}', t))(pypi()),
        lambda: (lambda t: (f'twine upload -u __token__ -p {t} dist/*', t))(pypi()),
        lambda: (lambda t: (f'poetry config pypi-token.testpypi {t}', t))(pypi()),
        lambda: (lambda t: (f'UV_PUBLISH_TOKEN={t}', t))(pypi()),
        lambda: (lambda t: (f'//registry.npmjs.org/:_authToken={t}', t))('npm_' + rs(AL, 36)),
        lambda: (lambda t: (f'npm config set //npm.pkg.github.com/:_authToken {t}', t))('ghp_' + rs(AL, 36)),
        lambda: (lambda t: (f'npmRegistries:\n  "https://npm.acme.io":\n    npmAuthToken: "{t}"', t))(rs(AL, 40)),
        lambda: (lambda t: (f'npmAuthToken: {t}', t))('npm_' + rs(AL, 36)),
        lambda: (lambda t: (f'---\n:rubygems_api_key: {t}', t))('rubygems_' + rs(HEX, 48)),
        lambda: (lambda t: (f'gem push pkg/acme-1.2.0.gem --key {t}', t))('rubygems_' + rs(HEX, 48)),
        lambda: (lambda t: (f'dotnet nuget push bin/Release/Acme.1.0.0.nupkg --api-key {t} --source https://api.nuget.org/v3/index.json', t))('oy2' + rs(LO + DIG, 43)),
        lambda: (lambda t: (f'nuget setapikey {t} -source https://api.nuget.org/v3/index.json', t))('oy2' + rs(LO + DIG, 43)),
        lambda: (lambda t: (f'[registry]\ntoken = "{t}"', t))('cio' + rs(AL, 32)),
        lambda: (lambda t: (f'cargo login {t}', t))('cio' + rs(AL, 32)),
        lambda: (lambda t: (f'CARGO_REGISTRY_TOKEN: {t}', t))('cio' + rs(AL, 32)),
        lambda: (lambda p: (f'<server>\n  <id>ossrh</id>\n  <username>acme-ci</username>\n  <password>{p}</password>\n</server>', p))(pw_hard()),
        lambda: (lambda p: (f'ossrhPassword={p}', p))(pw_hard()),
        lambda: (lambda p: (f'signing.password={p}\nsigning.keyId=24875D73', p))(pw_hard()),
        lambda: (lambda p: (f'mavenCentralPassword={p}', p))(rs(AL, 40)),
        lambda: (lambda p: (f'artifactory_password={p}', p))(pw_hard()),
        lambda: (lambda t: (f'echo "{t}" | docker login -u acme --password-stdin', t))('dckr_pat_' + rs(URL, 27)),
        lambda: (lambda t: (f'DOCKERHUB_TOKEN: {t}', t))('dckr_pat_' + rs(URL, 27)),
        lambda: (lambda t: (f'git clone https://oauth2:{t}@gitlab.com/acme/api.git', t))('glpat-' + rs(URL, 20)),
        lambda: (lambda t: (f'export CI_JOB_TOKEN_OVERRIDE={t}', t))('glpat-' + rs(URL, 20)),
        lambda: (lambda t: (f'composer config --global --auth github-oauth.github.com {t}', t))('ghp_' + rs(AL, 36)),
        lambda: (lambda t: (f'"http-basic": {{"repo.packagist.com": {{"username": "token", "password": "{t}"}}}}', t))(rs(HEX, 40)),
        lambda: (lambda t: (f'mix hex.config api_key {t}', t))(rs(HEX, 32)),
    ]
    for i, make in enumerate(pkg):
        text, t = make()
        form = i % 3
        if form == 0:
            add('package-token', 'file', text, t)
        elif form == 1:
            add('package-token', 'transcript-bash' if text.startswith(('twine', 'npm', 'gem', 'dotnet', 'nuget', 'cargo', 'echo', 'git', 'composer', 'mix', 'poetry')) else 'transcript-result',
                transcript_bash(text) if text.startswith(('twine', 'npm', 'gem', 'dotnet', 'nuget', 'cargo', 'echo', 'git', 'composer', 'mix', 'poetry')) else transcript_result(text), t)
        else:
            add('package-token', 'prose', f'here is my token setup, why does publish fail?\n{text}', t)

    # 6. chat webhooks
    def slack():
        return 'https://hooks.slack.com/' + R.choice(['services/T' + rs(UP + DIG, 10) + '/B' + rs(UP + DIG, 10) + '/' + rs(AL, 24),
                                                     'workflows/T' + rs(UP + DIG, 10) + '/A' + rs(UP + DIG, 10) + '/' + rs(DIG, 18) + '/' + rs(AL, 24),
                                                     'triggers/T' + rs(UP + DIG, 10) + '/' + rs(DIG, 13) + '/' + rs(HEX, 32)])
    def discord():
        return R.choice(['https://discord.com', 'https://discordapp.com', 'https://canary.discord.com', 'https://ptb.discord.com']) + f'/api/webhooks/{R.randint(10**17, 10**19)}/' + rs(URL, 68)
    def teams():
        return R.choice([
            f'https://acme{rs(LO, 3)}.webhook.office.com/webhookb2/{uuid()}@{uuid()}/IncomingWebhook/{rs(HEX, 32)}/{uuid()}/{rs(URL, 40)}',
            f'https://outlook.office.com/webhook/{uuid()}@{uuid()}/IncomingWebhook/{rs(HEX, 32)}/{uuid()}',
        ])
    def power_automate():
        sig = rs(URL, 43)
        return f'https://prod-{R.randint(10, 99)}.westeurope.logic.azure.com:443/workflows/{rs(HEX, 32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={sig}', sig
    def gchat():
        tok = rs(URL, 43) + '%3D'
        return f'https://chat.googleapis.com/v1/spaces/AAAA{rs(URL, 7)}/messages?key=AIzaSy{rs(URL, 33)}&token={tok}', tok
    def secret_of(url):
        return url.rsplit('/', 1)[1]
    hooks = [
        lambda u: f'SLACK_WEBHOOK_URL={u}',
        lambda u: f"curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"build ok\"}}' {u}",
        lambda u: f'  webhook_url: "{u}"',
        lambda u: f'requests.post("{u}", json={{"content": "deploy finished"}})',
        lambda u: f'post the alert to {u} when the job fails',
        lambda u: f'const hook = new URL("{u}");',
    ]
    for i, make in enumerate(hooks):
        for fam_make in (slack, discord, teams):
            u = fam_make()
            text = make(u)
            if (i + len(u)) % 3 == 0:
                text = transcript_user(text) if i % 2 else transcript_result(text)
            add('chat-webhook', fam_make.__name__, text, secret_of(u))
    for i in range(5):
        u, sig = power_automate()
        add('chat-webhook', 'power-automate', hooks[i % len(hooks)](u), sig)
        u, tok = gchat()
        add('chat-webhook', 'google-chat', hooks[(i + 2) % len(hooks)](u), tok)
    for i in range(3):
        u = f'https://chat.acme.io/hooks/{rs(LO + DIG, 26)}'
        add('chat-webhook', 'mattermost', f'MATTERMOST_HOOK={u}', secret_of(u))
        u = f'https://rocket.acme.io/hooks/{rs(AL, 17)}/{rs(AL, 48)}'
        add('chat-webhook', 'rocketchat', f'ROCKETCHAT_URL="{u}"', secret_of(u))

    # 7. SMS and voice APIs
    sid = lambda: 'AC' + rs(HEX, 32)
    sms = [
        lambda: (lambda t: (f'client = Client("{sid()}", "{t}")', t))(rs(HEX, 32)),
        lambda: (lambda t: (f'const client = twilio(\'{sid()}\', \'{t}\');', t))(rs(HEX, 32)),
        lambda: (lambda t: (f'TWILIO_ACCOUNT_SID={sid()}\nTWILIO_AUTH_TOKEN={t}', t))(rs(HEX, 32)),
        lambda: (lambda t: (f'curl -X POST https://api.twilio.com/2010-04-01/Accounts/{sid()}/Messages.json -u {sid()}:{t} --data-urlencode "Body=hi"', t))(rs(HEX, 32)),
        lambda: (lambda t: (f'twilio:\n  account_sid: {sid()}\n  auth_token: {t}', t))(rs(HEX, 32)),
        lambda: (lambda t: (f'Twilio.init("{sid()}", "{t}");', t))(rs(HEX, 32)),
        lambda: (lambda t: (f'TWILIO_API_KEY=SK{rs(HEX, 32)}\nTWILIO_API_SECRET={t}', t))(rs(AL, 32)),
        lambda: (lambda t: (f'client = Client("SK{rs(HEX, 32)}", "{t}", "{sid()}")', t))(rs(AL, 32)),
        lambda: (lambda t: (f'the twilio token is {t} and the sid {sid()}', t))(rs(HEX, 32)),
        lambda: (lambda t: (f'NEXMO_API_KEY={rs(HEX, 8)}\nNEXMO_API_SECRET={t}', t))(rs(AL, 16)),
        lambda: (lambda t: (f'vonage = Vonage::Client.new(api_key: "{rs(HEX, 8)}", api_secret: "{t}")', t))(rs(AL, 16)),
        lambda: (lambda t: (f'client = vonage.Client(key="{rs(HEX, 8)}", secret="{t}")', t))(rs(AL, 16)),
        lambda: (lambda t: (f'curl "https://rest.nexmo.com/sms/json?api_key={rs(HEX, 8)}&api_secret={t}&to=447700900000&from=Acme&text=hi"', t))(rs(AL, 16)),
        lambda: (lambda t: (f'PLIVO_AUTH_ID=MA{rs(UP + DIG, 18)}\nPLIVO_AUTH_TOKEN={t}', t))(rs(AL, 40)),
        lambda: (lambda t: (f'client = plivo.RestClient("MA{rs(UP + DIG, 18)}", "{t}")', t))(rs(AL, 40)),
        lambda: (lambda t: (f'MESSAGEBIRD_ACCESS_KEY={t}', t))(rs(AL, 25)),
        lambda: (lambda t: (f'client = messagebird.Client("{t}")', t))(R.choice(['live_', 'test_']) + rs(AL, 25)),
        lambda: (lambda t: (f'sinch:\n  key_id: {uuid()}\n  key_secret: {t}', t))(rs(AL + '-_~', 26)),
        lambda: (lambda t: (f'SINCH_APP_SECRET={t}', t))(b64bytes(16)),
        lambda: (lambda t: (f'TELNYX_API_KEY={t}', t))('KEY' + rs(HEX.upper() + DIG, 32) + '_' + rs(AL, 22)),
    ]
    for i, make in enumerate(sms):
        text, t = make()
        form = i % 3
        if form == 0:
            add('sms-credential', 'file', text, t)
        elif form == 1:
            add('sms-credential', 'transcript-edit', transcript_edit('notify.py', text), t)
        else:
            add('sms-credential', 'transcript-user', transcript_user(text), t)
        text, t = make()
        add('sms-credential', 'diff', '@@ -4,2 +4,3 @@\n import os\n+' + text.replace('\n', '\n+') + '\n', t)
    return out

def unseen_family_negatives():
    n = []
    def add(ctx, text):
        n.append(dict(family='negative', context=ctx, text=text, secrets=[]))
    vault_hex = '\n'.join('          ' + rs(HEX, 80) for _ in range(5))
    cases = [
        # encrypted values: ciphertext is not the secret
        ('encrypted', f'spring.datasource.password=ENC({b64bytes(24)})'),
        ('encrypted', f'db:\n  password: ENC({b64bytes(32)})'),
        ('encrypted', f'password: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n{vault_hex}'),
        ('encrypted', f'api_key: ENC[AES256_GCM,data:{b64bytes(30)},iv:{b64bytes(32)},tag:{b64bytes(16)},type:str]'),
        ('encrypted', '{"db_password": "ENC[AES256_GCM,data:' + b64bytes(12) + ',iv:' + b64bytes(32) + ',tag:' + b64bytes(16) + ',type:str]"}'),
        ('encrypted', f'spec:\n  encryptedData:\n    password: Ag{R.choice("ABC")}{b64bytes(400)[3:]}\n    api_token: Ag{R.choice("ABC")}{b64bytes(380)[3:]}'),
        ('encrypted', f'password_hash: $2b$12${rs(AL + "./", 53)}'),
        ('encrypted', f'"password": "$2a$10${rs(AL + "./", 53)}"'),
        ('encrypted', f'admin_password_hash = "$argon2id$v=19$m=65536,t=3,p=4${b64bytes(16).rstrip("=")}${b64bytes(32).rstrip("=")}"'),
        ('encrypted', f'<password>{{{b64bytes(32)}}}</password>'),
        ('encrypted', f'smtp.password={{cipher}}{rs(HEX, 64)}'),
        ('encrypted', f'DB_PASSWORD=vault:secret/data/prod/db#password'),
        ('encrypted', f'password: "{{{{ lookup(\'hashi_vault\', \'secret=secret/db:password\') }}}}"'),
        ('encrypted', f'password: sm://projects/acme/secrets/db-password/versions/latest'),
        ('encrypted', f'token: op://Private/GitHub/token'),
        ('encrypted', f'root:$6${rs(AL, 16)}${rs(AL + "./", 86)}:19700:0:99999:7:::'),
        ('encrypted', f'{{"auth": "{rs(HEX, 64)}", "kdf": "pbkdf2-sha256", "salt": "{rs(HEX, 32)}"}}' if False else f'"passwordDigest": "sha256:{rs(HEX, 64)}"'),
        # identifiers: ids, hashes and digests beside secrets' words
        ('identifier', f'secret_id: {uuid()}\nsecret_version: {rs(HEX, 32)}'),
        ('identifier', f'"tokenId": "{uuid()}", "keyVersion": "{rs(HEX, 32)}"'),
        ('identifier', f'api_key_id = "{rs(HEX, 24)}"'),
        ('identifier', f'key_vault_secret_id = "/subscriptions/{uuid()}/resourceGroups/prod/providers/Microsoft.KeyVault/vaults/acme/secrets/db"'),
        ('identifier', f'AZURE_SUBSCRIPTION_ID={uuid()}\nAZURE_TENANT_ID={uuid()}\nAZURE_CLIENT_ID={uuid()}'),
        ('identifier', f'TWILIO_ACCOUNT_SID=AC{rs(HEX, 32)}\nTWILIO_MESSAGING_SERVICE_SID=MG{rs(HEX, 32)}'),
        ('identifier', f'Call SID: CA{rs(HEX, 32)} status=completed duration=42'),
        ('identifier', f'commit {rs(HEX, 40)}\n\n    rotate the webhook secret and the registry token'),
        ('identifier', f'image: ghcr.io/acme/api@sha256:{rs(HEX, 64)}'),
        ('identifier', f'"token_hash": "{rs(HEX, 64)}"'),
        ('identifier', f'checksum_sha256: {rs(HEX, 64)}'),
        ('identifier', f'git push https://github.com/acme/api.git {rs(HEX, 40)}:refs/heads/main'),
        ('identifier', f'password_reset_token_ttl: 3600'),
        ('identifier', f'data:image/png;base64,{b64bytes(60)}'),
        ('identifier', f'"icon": "data:image/svg+xml;base64,{b64bytes(48)}"'),
        ('identifier', f'"auth": "oauth2", "auth_type": "bearer"'),
        ('identifier', f'"auths": {{}}'),
        ('identifier', f'{{"credsStore": "desktop", "credHelpers": {{"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"}}}}'),
        ('identifier', f'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'),
        ('identifier', f'SLACK_WEBHOOK_URL: ${{{{ secrets.SLACK_WEBHOOK_URL }}}}'),
        ('identifier', f'https://discord.com/api/webhooks/{{webhook.id}}/{{webhook.token}}'),
        ('identifier', f'https://hooks.slack.com/services/<team-id>/<channel-id>/<token>'),
        ('identifier', f'see https://api.slack.com/messaging/webhooks and https://discord.com/developers/docs/resources/webhook'),
        ('identifier', f'Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>'),
        ('identifier', f'DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=${{STORAGE_KEY}};'),
        ('identifier', f'UseDevelopmentStorage=true'),
        ('identifier', f'Server=localhost;Database=app;Trusted_Connection=True;'),
        ('identifier', f'Server=db;User Id=sa;Password=${{SA_PASSWORD}};'),
        ('identifier', f'jdbc:postgresql://db:5432/app?user=app&password=${{DB_PASSWORD}}'),
        ('identifier', f'mongodb+srv://<username>:<password>@cluster0.mongodb.net/test'),
        ('identifier', f'redis://localhost:6379/0'),
        ('identifier', f'amqp://guest:guest@localhost:5672/'),
        ('identifier', f'postgresql://user:password@localhost/dbname'),
        ('identifier', f'mysql -u root -p app < schema.sql'),
        ('identifier', f'mysql -u "$DB_USER" -p"$DB_PASS" -h "$DB_HOST"'),
        ('identifier', f'sshpass -p "$SSH_PASS" ssh deploy@host'),
        ('identifier', f'sshpass -f ~/.ssh/pass.txt ssh deploy@host'),
        ('identifier', f'docker login -u "$REGISTRY_USER" -p "$REGISTRY_PASSWORD" $REGISTRY'),
        ('identifier', f'echo "$CR_PAT" | docker login ghcr.io -u USERNAME --password-stdin'),
        ('identifier', f'curl -u "$JIRA_USER:$JIRA_TOKEN" https://acme.atlassian.net/rest/api/2/myself'),
        ('identifier', f'curl -u admin https://jenkins/api/json'),
        ('identifier', f'htpasswd -c /etc/nginx/.htpasswd admin'),
        ('identifier', f'htpasswd -b .htpasswd "$USER" "$PASS"'),
        ('identifier', f'redis-cli -a "$REDIS_PASSWORD" ping'),
        ('identifier', f'psql -h db -U app -W app'),
        ('identifier', f'PGPASSWORD=$POSTGRES_PASSWORD psql -h db -U postgres'),
        ('identifier', f'git clone https://github.com/acme/api.git'),
        ('identifier', f'git clone git@github.com:acme/api.git'),
        ('identifier', f'Authorization: Basic <base64 of user:pass>'),
        ('identifier', f'Authorization: Basic $(echo -n "$USER:$PASS" | base64)'),
        ('identifier', f'"Authorization": "Basic " + btoa(user + ":" + pass)'),
        ('identifier', f'auth=(username, password)'),
        ('identifier', f'requests.get(url, auth=HTTPBasicAuth(user, os.environ["PASS"]))'),
        ('identifier', f'//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}'),
        ('identifier', f'npmAuthToken: "${{NPM_AUTH_TOKEN}}"'),
        ('identifier', f'twine upload -u __token__ -p "$PYPI_TOKEN" dist/*'),
        ('identifier', f'cargo login --registry acme'),
        ('identifier', f'<password>${{env.OSSRH_PASSWORD}}</password>'),
        ('identifier', f'ossrhPassword=$System.env.OSSRH_PASSWORD'),
        ('identifier', f'signing.secretKeyRingFile=/home/ci/.gnupg/secring.gpg'),
        ('identifier', f'NEXMO_API_KEY={rs(HEX, 8)}'),
        ('identifier', f'Twilio SID format: AC followed by 32 hex characters'),
        ('identifier', f'client = Client(account_sid, auth_token)'),
        ('identifier', f'client = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])'),
        ('identifier', f'MessageSid={"SM" + rs(HEX, 32)}&AccountSid={"AC" + rs(HEX, 32)}&From=%2B15005550006'),
        ('identifier', f'wget --user=ftp --password= ftp://mirror/pub/file'),
        ('identifier', f'-passin pass:$PASSPHRASE'),
        ('identifier', f'keytool -list -keystore cacerts -storepass changeit'),
    ]
    for ctx, text in cases:
        add(ctx, text)
        add(ctx + '-transcript', transcript_result(text))
    return n

def main():
    pos = positives()
    neg = negatives()
    pos += key_and_prose_positives()
    neg += prose_negatives()
    pos += unseen_family_positives()
    neg += unseen_family_negatives()
    for i, p in enumerate(pos):
        p['id'] = f'p{i:04d}'
    for i, x in enumerate(neg):
        x['id'] = f'n{i:04d}'
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, '..', 'resources', 'dev', 'gitml', 'collector', 'redact', 'corpus.jsonl')
    with open(target, 'w') as f:
        for o in pos + neg:
            f.write(json.dumps({k: o[k] for k in ['id', 'family', 'context', 'text', 'secrets']}) + '\n')
    print(f'{len(pos)} positives, {len(neg)} negatives -> {os.path.normpath(target)}')

if __name__ == '__main__':
    main()
