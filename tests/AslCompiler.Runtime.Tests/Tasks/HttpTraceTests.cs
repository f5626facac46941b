using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using ExecutionStatus = AslCompiler.Runtime.Execution.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Tasks;

/// <summary>TestState's TRACE level on an HTTP Task, the real HttpClient path over loopback, and task credentials.</summary>
public class HttpTraceTests
{
    private const string Role = "arn:aws:iam::123456789012:role/test"; // TestState takes a Task without a mock only with a role

    private const string Arn = "arn:aws:events:us-east-1:111111111111:connection/foo/a59c10f0-a315-4c1f-be6a-559b9a0c6250";

    // The definition of the AWS TestState TRACE example (httpbin.org/get with a basic-auth connection).
    private const string Definition = """
        {"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":{"Method":"GET",
          "Authentication":{"ConnectionArn":"arn:aws:events:us-east-1:111111111111:connection/foo/a59c10f0-a315-4c1f-be6a-559b9a0c6250"},
          "ApiEndpoint":"https://httpbin.org/get","Headers":{"definitionHeader":"h1"},
          "RequestBody":{"message":"Hello from Step Functions!"},"QueryParameters":{"queryParam":"q1"}},"End":true}
        """;

    private static readonly HttpConnection ExampleConnection = new()
    {
        AuthorizationType = HttpConnectionAuthorizationType.Basic,
        Username = "user",
        Password = "pass",
        HeaderParameters = [new("CustomHeader1", "CustomHeaderValue1")],
        QueryStringParameters = [new("QueryParam1", "QueryParamValue1")],
        BodyParameters = [new("BodyKey1", "BodyValue1")],
    };

    private static LocalStepFunctions Create(FakeHttpHandler endpoint) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Execution = new ExecutionOptions
        {
            HttpClient = new HttpClient(endpoint),
            HttpConnections = new HttpConnectionProvider([new(Arn, ExampleConnection)]),
        },
    });

    private static HttpResponseMessage Httpbin()
    {
        var response = FakeHttpHandler.Json("""{"args":{"QueryParam1":"QueryParamValue1","queryParam":"q1"}}""");
        response.Headers.Add("Server", "gunicorn/19.9.0");
        return response;
    }

    [Fact]
    public async Task Trace_with_revealed_secrets_shows_the_request_as_sent_and_the_response()
    {
        var endpoint = new FakeHttpHandler(_ => Httpbin());
        var response = await Create(endpoint).TestStateAsync(new TestStateRequest { RoleArn = Role, Definition = Definition, InspectionLevel = InspectionLevel.Trace, RevealSecrets = true });
        Assert.Equal(TestExecutionStatus.Succeeded, response.Status);
        var request = response.InspectionData!.Request!;
        Assert.Equal("https", request.Protocol);
        Assert.Equal("GET", request.Method);
        Assert.Equal("https://httpbin.org/get?queryParam=q1&QueryParam1=QueryParamValue1", request.Url);
        Assert.Equal(
            "[definitionHeader: h1, CustomHeader1: CustomHeaderValue1, Authorization: Basic dXNlcjpwYXNz, User-Agent: Amazon|StepFunctions|HttpInvoke|us-east-1, Range: bytes=0-262144]",
            request.Headers);
        Assert.Equal("""{"message":"Hello from Step Functions!","BodyKey1":"BodyValue1"}""", request.Body);

        // What the endpoint got is what the trace shows.
        Assert.Equal(request.Url, endpoint.Single.Url.AbsoluteUri);
        Assert.Equal(request.Body, endpoint.Single.Body);

        var answer = response.InspectionData.Response!;
        Assert.Equal("https", answer.Protocol);
        Assert.Equal("200", answer.StatusCode);
        Assert.Equal("OK", answer.StatusMessage);
        Assert.StartsWith("[server: gunicorn/19.9.0, content-type: application/json; charset=utf-8", answer.Headers, StringComparison.Ordinal);
        Assert.Equal("""{"args":{"QueryParam1":"QueryParamValue1","queryParam":"q1"}}""", answer.Body);
        Assert.Equal("""{"QueryParam1":"QueryParamValue1","queryParam":"q1"}""", JsonValue.Parse(response.Output!)["ResponseBody"]["args"].ToJsonString());
    }

    [Fact]
    public async Task Trace_without_revealed_secrets_leaves_out_what_the_connection_adds()
    {
        var endpoint = new FakeHttpHandler(_ => Httpbin());
        var response = await Create(endpoint).TestStateAsync(new TestStateRequest { RoleArn = Role, Definition = Definition, InspectionLevel = InspectionLevel.Trace });
        var request = response.InspectionData!.Request!;
        Assert.Equal("https://httpbin.org/get?queryParam=q1", request.Url);
        Assert.Equal("[definitionHeader: h1, User-Agent: Amazon|StepFunctions|HttpInvoke|us-east-1, Range: bytes=0-262144]", request.Headers);
        Assert.Equal("""{"message":"Hello from Step Functions!"}""", request.Body);
        Assert.DoesNotContain("dXNlcjpwYXNz", response.InspectionData.ToString(), StringComparison.Ordinal);

        // The call itself still carried the connection's parameters.
        Assert.Equal("Basic dXNlcjpwYXNz", endpoint.Single.Header("Authorization"));
    }

    [Fact]
    public async Task Trace_of_a_failed_call_keeps_the_response_and_reports_the_status_error()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Text("no such thing", HttpStatusCode.NotFound));
        var response = await Create(endpoint).TestStateAsync(new TestStateRequest { RoleArn = Role, Definition = Definition, InspectionLevel = InspectionLevel.Trace });
        Assert.Equal(TestExecutionStatus.Failed, response.Status);
        Assert.Equal("States.Http.StatusCode.404", response.Error);
        Assert.Equal("Not Found", response.Cause);
        Assert.Equal("404", response.InspectionData!.Response!.StatusCode);
        Assert.Equal("no such thing", response.InspectionData.Response.Body);
    }

    [Fact]
    public async Task TestState_keeps_the_state_TimeoutSeconds_on_a_slow_endpoint()
    {
        var endpoint = new FakeHttpHandler(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return FakeHttpHandler.Json("{}");
        });
        var definition = Definition.Replace("\"End\":true", "\"TimeoutSeconds\":1,\"End\":true", StringComparison.Ordinal);
        var response = await Create(endpoint).TestStateAsync(new TestStateRequest { RoleArn = Role, Definition = definition, InspectionLevel = InspectionLevel.Trace }).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(TestExecutionStatus.Failed, response.Status);
        Assert.Equal("States.Timeout", response.Error);
        Assert.NotNull(response.InspectionData!.Request);
        Assert.Null(response.InspectionData.Response);
    }

    [Fact]
    public async Task Info_and_debug_levels_show_no_http_data()
    {
        var endpoint = new FakeHttpHandler(_ => Httpbin());
        var debug = await Create(endpoint).TestStateAsync(new TestStateRequest { RoleArn = Role, Definition = Definition, InspectionLevel = InspectionLevel.Debug });
        Assert.Equal(TestExecutionStatus.Succeeded, debug.Status);
        Assert.Null(debug.InspectionData!.Request);
        Assert.Null(debug.InspectionData.Response);
    }

    [Fact]
    public async Task A_mocked_trace_shows_the_request_the_arguments_describe()
    {
        var endpoint = new FakeHttpHandler(_ => Httpbin());
        var response = await Create(endpoint).TestStateAsync(new TestStateRequest
        {
            RoleArn = Role,
            Definition = Definition,
            InspectionLevel = InspectionLevel.Trace,
            Mock = new MockInput { Result = """{"StatusCode":200,"StatusText":"OK","Headers":{"content-type":["text/plain"]},"ResponseBody":"hi"}""", FieldValidationMode = MockResponseValidationMode.None },
        });
        Assert.Empty(endpoint.Requests);
        Assert.Equal("https://httpbin.org/get?queryParam=q1", response.InspectionData!.Request!.Url);
        Assert.Equal("[content-type: text/plain]", response.InspectionData.Response!.Headers);
        Assert.Equal("hi", response.InspectionData.Response.Body);
    }

    [Fact]
    public async Task The_default_client_calls_a_real_endpoint_over_loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = ServeOnceAsync(listener, "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nX-Served-By: loopback\r\n", """{"queued":true}""");

        var kernel = new ExecutionKernel(new ExecutionOptions { HttpConnections = new HttpConnectionProvider([new(Arn, HttpConnection.ApiKey("X-Key", "k1"))]) });
        var definition = """{"StartAt":"C","States":{"C":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","TimeoutSeconds":30,"Parameters":{"ApiEndpoint":"http://127.0.0.1:PORT/jobs","Method":"POST","InvocationConfig":{"ConnectionArn":"ARN"},"QueryParameters":{"a":"1 2"},"RequestBody":{"n":1}},"End":true}}}"""
            .Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("ARN", Arn, StringComparison.Ordinal);
        var result = await kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"queued":true}""", result.Output["ResponseBody"].ToJsonString());
        Assert.Equal(202, result.Output["StatusCode"].GetDouble());
        Assert.Equal("Accepted", result.Output["StatusText"].GetString());
        Assert.Equal("""["loopback"]""", result.Output["Headers"]["x-served-by"].ToJsonString());

        var (head, body) = await received.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("POST /jobs?a=1%202 HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nUser-Agent: Amazon|StepFunctions|HttpInvoke|us-east-1\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nRange: bytes=0-262144\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Key: k1\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: application/json; charset=UTF-8\r\n", head, StringComparison.Ordinal);
        Assert.Equal("""{"n":1}""", body);
    }

    [Fact]
    public async Task The_default_client_does_not_follow_a_redirect_with_the_connection_headers()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = ServeOnceAsync(listener, "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Type: text/plain\r\n", "moved");
        var kernel = new ExecutionKernel(new ExecutionOptions { HttpConnections = new HttpConnectionProvider([new(Arn, HttpConnection.ApiKey("X-Key", "k1"))]) });
        var definition = """{"StartAt":"C","States":{"C":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":{"ApiEndpoint":"http://127.0.0.1:PORT/old","Method":"GET","InvocationConfig":{"ConnectionArn":"ARN"}},"End":true}}}"""
            .Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("ARN", Arn, StringComparison.Ordinal);
        var result = await kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await received.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("States.Http.StatusCode.302", result.Error);
        Assert.Equal("Found", result.Cause);
    }

    [Fact]
    public async Task Task_credentials_reach_the_handler_and_the_history()
    {
        JsonValue seen = default;
        var handlers = new TaskHandlerRegistry().Register("arn:aws:states:::sqs:sendMessage", invocation =>
        {
            seen = invocation.Credentials;
            return new ValueTask<JsonValue>(JsonValue.EmptyObject);
        });
        var kernel = new ExecutionKernel(new ExecutionOptions { TaskHandlers = handlers });

        // RoleArn.$ reads the state input, not the Parameters (which do not carry it).
        var result = await kernel.RunAsync(AslInterpreter.Compile("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",
              "Parameters":{"QueueUrl":"q","MessageBody.$":"$.body"},"Credentials":{"RoleArn.$":"$.role"},"End":true}}}
            """), JsonValue.Parse("""{"body":"b","role":"arn:aws:iam::222222222222:role/cross"}"""));
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"RoleArn":"arn:aws:iam::222222222222:role/cross"}""", seen.ToJsonString());
        var scheduled = result.History!.Events.Single(e => e.Type == "TaskScheduled").Details;
        Assert.Equal("""{"roleArn":"arn:aws:iam::222222222222:role/cross"}""", scheduled["taskCredentials"].ToJsonString());

        // JSONata: the Credentials template reads $states.input; a Lambda task records it in LambdaFunctionScheduled.
        handlers.RegisterFunction("arn:aws:lambda:us-east-1:111111111111:function:f", input => input);
        result = await kernel.RunAsync(AslInterpreter.Compile("""
            {"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f",
              "Arguments":{"x":1},"Credentials":{"RoleArn":"{% $states.input.role %}"},"End":true}}}
            """), JsonValue.Parse("""{"role":"arn:aws:iam::222222222222:role/other"}"""));
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var lambda = result.History!.Events.Single(e => e.Type == "LambdaFunctionScheduled").Details;
        Assert.Equal("""{"roleArn":"arn:aws:iam::222222222222:role/other"}""", lambda["taskCredentials"].ToJsonString());

        // Without Credentials there is no taskCredentials.
        result = await kernel.RunAsync(AslInterpreter.Compile("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}}"""), JsonValue.EmptyObject);
        Assert.True(result.History!.Events.Single(e => e.Type == "TaskScheduled").Details["taskCredentials"].IsUndefined);
    }

    /// <summary>Accepts one connection, reads one request (head and Content-Length body) and answers it.</summary>
    private static async Task<(string Head, string Body)> ServeOnceAsync(TcpListener listener, string statusAndHeaders, string body)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfBlankLine(buffer)) < 0)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                throw new IOException("The client closed the connection before the request head ended.");
            }

            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }

        var head = Encoding.ASCII.GetString(buffer.ToArray(), 0, headEnd + 4);
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        while (buffer.Count < headEnd + 4 + length)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                break;
            }

            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }

        var requestBody = Encoding.UTF8.GetString(buffer.ToArray(), headEnd + 4, Math.Min(length, buffer.Count - headEnd - 4));
        var payload = Encoding.UTF8.GetBytes(body);
        var response = Encoding.ASCII.GetBytes(statusAndHeaders + "Content-Length: " + payload.Length + "\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(response);
        await stream.WriteAsync(payload);
        await stream.FlushAsync();
        return (head, requestBody);
    }

    private static int IndexOfBlankLine(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
