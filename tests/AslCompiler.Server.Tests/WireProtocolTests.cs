using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace AslCompiler.Server.Tests;

/// <summary>
/// The protocol around the members: content types, methods, paths, targets, bodies that are not UTF-8, not JSON, not an
/// object or nested too deep, and many clients at once. Every answer is an AWS JSON 1.0 error (status, <c>__type</c>,
/// message, request id), never a 500, a hang or a dropped connection.
/// </summary>
public sealed class WireProtocolTests(WireFixture fixture) : IClassFixture<WireFixture>
{
    private const string List = "AWSStepFunctions.ListStateMachines";

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static TheoryData<string?, int> ContentTypes() => new()
    {
        { "application/x-amz-json-1.0", 200 },
        { "application/x-amz-json-1.0; charset=utf-8", 200 }, // parameters are ignored
        { "APPLICATION/X-AMZ-JSON-1.0", 200 },
        { "application/x-amz-json-1.1", 200 },
        { "application/json", 200 },
        { null, 200 }, // no Content-Type: read as JSON
        { "text/plain", 415 },
        { "application/x-www-form-urlencoded", 415 }, // curl -d without -H
        { "application/xml", 415 },
        { "application/cbor", 415 },
        { "multipart/form-data; boundary=x", 415 },
        { "%%%", 415 },
    };

    public static TheoryData<string> Methods() => new() { "GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE" };

    public static TheoryData<string, string, int> Paths() => new()
    {
        { "POST", "/foo", 404 },
        { "POST", "/2016-11-23/", 404 },
        { "POST", "/health/x", 404 },
        { "GET", "/index.html", 404 },
        { "POST", "/health", 405 },
        { "POST", "/?Action=ListStateMachines", 200 }, // a query string is not a path
        { "GET", "/health", 200 },
        { "HEAD", "/health", 200 },
    };

    public static TheoryData<string> Targets() => new()
    {
        "AWSStepFunctions.liststatemachines",
        "awsstepfunctions.ListStateMachines",
        "AWSStepFunctions",
        "AWSStepFunctions.",
        "AWSStepFunctions.ListStateMachines.Extra",
        "AWSStepFunctions_20161123.ListStateMachines",
        "DynamoDB_20120810.ListTables",
        "AWSStepFunctions.ListStateMachines,AWSStepFunctions.ListActivities",
        "AWSStepFunctions." + new string('X', 10000),
    };

    public static TheoryData<string, byte[], int, string> Bodies()
    {
        static byte[] U(string text) => Encoding.UTF8.GetBytes(text);
        return new()
        {
            { "empty", [], 200, string.Empty },
            { "white space", U(" \r\n\t "), 200, string.Empty },
            { "byte order mark", [.. Bom, .. U("{}")], 200, string.Empty },
            { "byte order mark alone", Bom, 200, string.Empty },
            { "unknown members, any depth under 64", U("{\"a\":" + new string('[', 60) + new string(']', 60) + "}"), 200, string.Empty },
            { "unterminated", U("{\"maxResults\":"), 400, "The request body is not valid JSON: " },
            { "missing value", U("{\"maxResults\":}"), 400, "The request body is not valid JSON: " },
            { "single quotes", U("{'maxResults':1}"), 400, "The request body is not valid JSON: " },
            { "trailing comma", U("{\"maxResults\":1,}"), 400, "The request body is not valid JSON: " },
            { "comment", U("{/* c */}"), 400, "The request body is not valid JSON: " },
            { "text after the object", U("{} x"), 400, "The request body is not valid JSON: " },
            { "two objects", U("{}{}"), 400, "The request body is not valid JSON: " },
            { "NaN", U("{\"maxResults\":NaN}"), 400, "The request body is not valid JSON: " },
            { "leading zero", U("{\"maxResults\":01}"), 400, "The request body is not valid JSON: " },
            { "unescaped control character", U("{\"nextToken\":\"a\u0001b\"}"), 400, "The request body is not valid JSON: " },
            { "bad escape", U("{\"nextToken\":\"\\q\"}"), 400, "The request body is not valid JSON: " },
            { "array", U("[]"), 400, "The request body must be a JSON object, not START_ARRAY." },
            { "string", U("\"{}\""), 400, "The request body must be a JSON object, not STRING_VALUE." },
            { "number", U("1"), 400, "The request body must be a JSON object, not NUMBER_VALUE." },
            { "true", U("true"), 400, "The request body must be a JSON object, not BOOLEAN_VALUE." },
            { "null", U("null"), 400, "The request body must be a JSON object, not null." },
            { "nested 65 deep", U("{\"a\":" + new string('[', 64) + new string(']', 64) + "}"), 400, "The request body is not valid JSON: The maximum configured depth of 64 has been exceeded" },
            { "nested 100000 deep", U(new string('[', 100000)), 400, "The request body is not valid JSON: The maximum configured depth of 64 has been exceeded" },
            { "invalid UTF-8 byte", [.. U("{\"nextToken\":\""), 0xFF, .. U("\"}")], 400, "The request body is not valid UTF-8 (at byte 15)." },
            { "invalid UTF-8 in a member name", [.. U("{\""), 0xC3, .. U("\":1}")], 400, "The request body is not valid UTF-8 (at byte 3)." },
            { "overlong UTF-8", [.. U("{\"nextToken\":\""), 0xC0, 0xAF, .. U("\"}")], 400, "The request body is not valid UTF-8 (at byte 15)." },
            { "UTF-8 encoded surrogate", [.. U("{\"nextToken\":\""), 0xED, 0xA0, 0x80, .. U("\"}")], 400, "The request body is not valid UTF-8 (at byte 15)." },
            { "truncated UTF-8", [.. U("{\"nextToken\":\"a"), 0xF0, 0x9F, 0x98], 400, "The request body is not valid UTF-8 (at byte 16)." },
            { "UTF-16", [0xFF, 0xFE, (byte)'{', 0, (byte)'}', 0], 400, "The request body is not valid UTF-8 (at byte 1)." },
            { "gzip", [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0], 400, "The request body is not valid UTF-8 (at byte 2)." },
            { "unpaired surrogate escape", U("{\"nextToken\":\"a\\ud800b\"}"), 400, "STRING_VALUE at 'nextToken' is not valid Unicode" },
            { "unpaired surrogate escape in a member name", U("{\"\\udc00\":1}"), 400, "A member name in the request is not valid Unicode" },
        };
    }

    [Theory]
    [MemberData(nameof(ContentTypes))]
    public async Task Content_types(string? contentType, int status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent("{}"u8.ToArray()) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        request.Headers.TryAddWithoutValidation("X-Amz-Target", List);
        var response = await SendAsync(request);
        Assert.Equal(status, (int)response.Status);
        if (status != 200)
        {
            WireFixture.AssertWireError("ListStateMachines", response);
            Assert.Equal("UnsupportedMediaTypeException", response.ErrorType);
            Assert.Contains("application/x-amz-json-1.0", response.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Only_POST_is_an_action(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", List);
        if (method is "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.0");
        }

        var response = await SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("POST", string.Join(",", response.ContentHeaders!.Allow));
        Assert.Equal("UnknownOperationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
        if (method != "HEAD")
        {
            Assert.Equal("UnknownOperationException", response.ErrorType);
            Assert.Contains(method, response.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Paths_other_than_the_root_are_no_operation(string method, string path, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", List);
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.0");
        }

        var response = await SendAsync(request);
        Assert.Equal(status, (int)response.Status);
        if (status != 200)
        {
            Assert.Equal("UnknownOperationException", response.ErrorType);
            Assert.Equal("application/x-amz-json-1.0", response.ContentType);
            Assert.True(response.Headers.Contains("x-amzn-RequestId"));
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Targets_that_name_no_action_are_UnknownOperationException(string target)
    {
        var response = await fixture.Server.SendRawAsync(target, "{}");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("UnknownOperationException", response.ErrorType);
        Assert.Equal("UnknownOperationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.InRange(response.Message!.Length, 1, 300); // a long target is not echoed in full
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Bodies_that_are_not_a_JSON_object_in_UTF_8(string label, byte[] body, int status, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", List);
        var response = await SendAsync(request);
        Assert.True(status == (int)response.Status, label + ": " + (int)response.Status + " " + response.Body?.ToJsonString());
        if (status != 200)
        {
            WireFixture.AssertWireError("ListStateMachines", response);
            Assert.Equal("SerializationException", response.ErrorType);
            Assert.StartsWith(message, response.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_bad_member_name_inside_a_structure_is_named_by_where_it_is()
    {
        var response = await fixture.Server.SendRawAsync("AWSStepFunctions.CreateActivity", """{"name":"n","encryptionConfiguration":{"\udc00":1,"type":"AWS_OWNED_KEY"}}""");
        WireFixture.AssertWireError("CreateActivity", response);
        Assert.Equal("A member name in 'encryptionConfiguration' is not valid Unicode (an unpaired surrogate escape such as \\ud800).", response.Message);
    }

    [Theory]
    [InlineData("""{"weight":100,"weight":null}""", "ValidationException", "1 validation error detected: Value null at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must not be null")]
    [InlineData("""{"weight":null,"weight":"x"}""", "SerializationException", "STRING_VALUE \"x\" at 'routingConfiguration.1.member.weight' can not be converted to an Integer.")]
    public async Task A_duplicate_member_is_read_as_its_last_value(string route, string type, string message)
    {
        var body = "{\"name\":\"dup\",\"routingConfiguration\":[" + route.Insert(1, "\"stateMachineVersionArn\":\"" + fixture.VersionArn + "\",") + "]}";
        var response = await fixture.Server.SendRawAsync("AWSStepFunctions.CreateStateMachineAlias", body);
        WireFixture.AssertWireError("CreateStateMachineAlias", response);
        Assert.Equal(type, response.ErrorType);
        Assert.Equal(message, response.Message);
    }

    [Fact]
    public async Task Syntax_errors_give_their_line_and_column()
    {
        var response = await fixture.Server.SendRawAsync(List, "{\n  \"maxResults\": 1,\n  \"nextToken\" \"x\"\n}");
        Assert.Equal("SerializationException", response.ErrorType);
        Assert.EndsWith("(line 3, column 15)", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_clients_at_once_each_get_their_own_answer()
    {
        // Valid and hostile requests interleaved on shared connections: each is answered as it is alone.
        var cases = new (string Target, string Body, string? ContentType, HttpMethod Method, int Status, string? Type)[]
        {
            (List, "{}", "application/x-amz-json-1.0", HttpMethod.Post, 200, null),
            (List, "{", "application/x-amz-json-1.0", HttpMethod.Post, 400, "SerializationException"),
            (List, "{\"maxResults\":\"ten\"}", "application/x-amz-json-1.0", HttpMethod.Post, 400, "SerializationException"),
            (List, "{\"maxResults\":5000}", "application/x-amz-json-1.0", HttpMethod.Post, 400, "ValidationException"),
            (List, "{\"nextToken\":\"nope\"}", "application/x-amz-json-1.0", HttpMethod.Post, 400, "InvalidToken"),
            (List, "{}", "text/plain", HttpMethod.Post, 415, "UnsupportedMediaTypeException"),
            (List, "{}", "application/x-amz-json-1.0", HttpMethod.Put, 405, "UnknownOperationException"),
            ("AWSStepFunctions.Nope", "{}", "application/x-amz-json-1.0", HttpMethod.Post, 400, "UnknownOperationException"),
            ("AWSStepFunctions.DescribeStateMachine", "{\"stateMachineArn\":\"not-an-arn\"}", "application/x-amz-json-1.0", HttpMethod.Post, 400, "InvalidArn"),
            ("AWSStepFunctions.DescribeStateMachine", "{\"stateMachineArn\":\"" + fixture.StateMachineArn + "\"}", "application/x-amz-json-1.0", HttpMethod.Post, 200, null),
            ("AWSStepFunctions.StartExecution", "{\"stateMachineArn\":\"" + fixture.StateMachineArn + "\"}", "application/x-amz-json-1.0", HttpMethod.Post, 200, null),
            ("AWSStepFunctions.CreateActivity", "{\"name\":\"Concurrent\"}", "application/x-amz-json-1.0", HttpMethod.Post, 200, null),
        };
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 480), new ParallelOptions { MaxDegreeOfParallelism = 48 }, async (i, _) =>
        {
            var c = cases[i % cases.Length];
            using var request = new HttpRequestMessage(c.Method, "/") { Content = new StringContent(c.Body, Encoding.UTF8) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType!);
            request.Headers.TryAddWithoutValidation("X-Amz-Target", c.Target);
            var response = await SendAsync(request);
            if ((int)response.Status != c.Status || response.ErrorType != c.Type)
            {
                failures.Enqueue(i + ": " + (int)response.Status + " " + response.Body?.ToJsonString());
            }
        });
        Assert.Empty(failures);
        var health = await fixture.Server.Client.GetStringAsync("/health");
        Assert.Contains("ok", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_leaves_mid_body_does_not_disturb_the_server()
    {
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(fixture.Server.BaseAddress.Host, fixture.Server.BaseAddress.Port);
            var stream = tcp.GetStream();
            var head = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + List + "\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 1000\r\n\r\n{\"max";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.FlushAsync();
        }

        var after = await fixture.Server.SendRawAsync(List, "{}");
        Assert.Equal(HttpStatusCode.OK, after.Status);
    }

    [Fact]
    public async Task A_connection_is_reused_after_an_error()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(fixture.Server.BaseAddress.Host, fixture.Server.BaseAddress.Port);
        var stream = tcp.GetStream();
        var bad = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + List + "\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 1\r\n\r\n{";
        var put = "PUT / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n\r\n{}";
        var good = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + List + "\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(bad + put + good));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var all = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var statuses = System.Text.RegularExpressions.Regex.Matches(all, @"HTTP/1\.1 (\d{3}) ").Select(m => m.Groups[1].Value).ToList();
        Assert.True(statuses.SequenceEqual(["400", "405", "200"]), all);
    }

    private async Task<WireResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await fixture.Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new WireResponse(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers, response.Content.Headers.ContentType?.MediaType)
        {
            ContentHeaders = response.Content.Headers,
        };
    }
}
