"""Captures what botocore sends with Signature V2 (signature_version='s3', as ceph's s3-tests'
get_v2_client does) for each operation the harness signs with V2, through a local HTTP server that
records every header in the order and case it came. Writes the fixture that
lib/engine/client-profiles.test.ts compares the harness's V2 requests with:

    python3 scripts/capture-clients/botocore-s3v2.py > lib/engine/client-fixtures/botocore-s3v2.json

Needs boto3 (pip install boto3). Nothing in a normal run or test calls it: it is how the fixture
was made, and how to remake it for a newer botocore (then update BOTOCORE in client-profiles.ts).
"""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import botocore
from botocore.config import Config

seen = []


class Recorder(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def _answer(self):
        n = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(n) if n else b''
        seen.append({
            'method': self.command,
            'target': self.path,
            'headers': [[k, v] for k, v in self.headers.items()],
            'body': body.decode('latin1') if self.command == 'POST' else None,
            'bodyLength': len(body),
        })
        q, copy = self.path, self.headers.get('x-amz-copy-source')
        if self.command == 'POST' and 'uploads' in q:
            out = b'<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>'
        elif self.command == 'POST':
            out = b'<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag>"e"</ETag></CompleteMultipartUploadResult>'
        elif self.command == 'PUT' and copy and 'partNumber' in q:
            out = b'<CopyPartResult><ETag>"e"</ETag></CopyPartResult>'
        elif self.command == 'PUT' and copy:
            out = b'<CopyObjectResult><ETag>"e"</ETag></CopyObjectResult>'
        elif self.command == 'GET':
            out = b'hello'
        else:
            out = b''
        self.send_response(200)
        self.send_header('ETag', '"e"')
        self.send_header('Content-Length', '5' if self.command == 'HEAD' else str(len(out)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(out)

    do_GET = do_PUT = do_POST = do_HEAD = _answer


server = ThreadingHTTPServer(('127.0.0.1', 0), Recorder)
threading.Thread(target=server.serve_forever, daemon=True).start()
client = boto3.client(
    's3',
    endpoint_url=f'http://127.0.0.1:{server.server_address[1]}',
    aws_access_key_id='AKIDEXAMPLE',
    aws_secret_access_key='not-a-secret',
    region_name='us-east-1',
    config=Config(signature_version='s3'),
)
key = bytes(range(32))
ssec = dict(SSECustomerAlgorithm='AES256', SSECustomerKey=key)
src_ssec = dict(CopySourceSSECustomerAlgorithm='AES256', CopySourceSSECustomerKey=key)
kms = dict(ServerSideEncryption='aws:kms', SSEKMSKeyId='kms-key-1')
body = bytes(1500)
source = {'Bucket': 'b', 'Key': 'src'}
calls = [
    ('PutObject sse-c', lambda: client.put_object(Bucket='b', Key='k', Body=body, ContentType='application/octet-stream', **ssec)),
    ('PutObject sse-kms', lambda: client.put_object(Bucket='b', Key='k', Body=body, ContentType='application/octet-stream', **kms)),
    ('HeadObject sse-c', lambda: client.head_object(Bucket='b', Key='k', **ssec)),
    ('GetObject sse-c', lambda: client.get_object(Bucket='b', Key='k', **ssec)['Body'].read()),
    ('CopyObject sse-c to sse-c', lambda: client.copy_object(Bucket='b', Key='k', CopySource=source, **src_ssec, **ssec)),
    ('CopyObject plain to sse-kms', lambda: client.copy_object(Bucket='b', Key='k', CopySource=source, **kms)),
    ('CreateMultipartUpload sse-c', lambda: client.create_multipart_upload(Bucket='b', Key='k', **ssec)),
    ('UploadPart sse-c', lambda: client.upload_part(Bucket='b', Key='k', UploadId='u1', PartNumber=1, Body=body, **ssec)),
    ('UploadPartCopy sse-c to sse-c', lambda: client.upload_part_copy(Bucket='b', Key='k', UploadId='u1', PartNumber=1, CopySource=source, **src_ssec, **ssec)),
    ('CompleteMultipartUpload', lambda: client.complete_multipart_upload(Bucket='b', Key='k', UploadId='u1', MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': '"e"'}]})),
]
requests = []
for name, call in calls:
    before = len(seen)
    call()
    for r in seen[before:]:
        requests.append({'call': name, **r})
server.shutdown()
print(json.dumps({'boto3': boto3.__version__, 'botocore': botocore.__version__, 'signature_version': 's3', 'requests': requests}, indent=1))
