using System.Net;
using System.Net.Http;
using System.Text;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Tasks;

public class HttpTaskTests
{
    private const string Connection = "arn:aws:events:us-east-1:111111111111:connection/Api/00000000-0000-0000-0000-000000000001";

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly IHttpConnectionProvider Open = new HttpConnectionProvider([new(Connection, new HttpConnection())]);

    /// <summary>A JSONPath HTTP Task whose Parameters are <paramref name="parameters"/> plus the connection, with optional extra state fields.</summary>
    private static string Machine(string parameters, string extra = "") =>
        """{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":{"InvocationConfig":{"ConnectionArn":"""
        + "\"" + Connection + "\"}," + parameters + "}" + extra + ""","End":true}}}""";

    private static async Task<ExecutionResult> Run(string definition, FakeHttpHandler endpoint, IHttpConnectionProvider? connections = null, string input = "{}", MockTestCase? mocks = null, TaskHandlerRegistry? handlers = null)
    {
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions
        {
            TimeProvider = clock,
            HttpClient = new HttpClient(endpoint),
            HttpConnections = connections ?? Open,
            Mocks = mocks,
            TaskHandlers = handlers ?? new(),
        });
        return await VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse(input)).AsTask(), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    [InlineData("HEAD")]
    [InlineData("post")]
    public async Task Each_method_is_sent_as_named(string method)
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("""{"ok":true}"""));
        var result = await Run(Machine("\"ApiEndpoint\":\"https://api.example.com/items\",\"Method\":\"" + method + "\""), endpoint);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(method.ToUpperInvariant(), endpoint.Single.Method);
        Assert.Equal("https://api.example.com/items", endpoint.Single.Url.AbsoluteUri);
    }

    [Theory]
    [InlineData("\"Method\":\"TRACE\",\"ApiEndpoint\":\"https://a.example\"", "The Method 'TRACE' is not supported")]
    [InlineData("\"Method\":\"GET\"", "The HTTP Task requires an ApiEndpoint string.")]
    [InlineData("\"Method\":\"GET\",\"ApiEndpoint\":\"ftp://a.example/x\"", "is not an absolute https URL")]
    [InlineData("\"Method\":\"GET\",\"ApiEndpoint\":\"/relative\"", "is not an absolute https URL")]
    [InlineData("\"ApiEndpoint\":\"https://a.example\"", "requires a Method")]
    [InlineData("\"Method\":\"POST\",\"ApiEndpoint\":\"https://a.example\",\"Transform\":{\"RequestBodyEncoding\":\"XML\"}", "RequestBodyEncoding \"XML\" is not supported")]
    [InlineData("\"Method\":\"POST\",\"ApiEndpoint\":\"https://a.example\",\"Transform\":{\"RequestBodyEncoding\":\"URL_ENCODED\",\"RequestEncodingOptions\":{\"ArrayFormat\":\"JSON\"}}", "ArrayFormat \"JSON\" is not supported")]
    [InlineData("\"Method\":\"POST\",\"ApiEndpoint\":\"https://a.example\",\"Headers\":42", "The Headers field must be a JSON object")]
    [InlineData("\"Method\":\"POST\",\"ApiEndpoint\":\"https://a.example\",\"Headers\":{\"bad name\":\"x\"}", "is not a valid HTTP header name")]
    [InlineData("\"Method\":\"POST\",\"ApiEndpoint\":\"https://a.example\",\"Headers\":{\"X-Note\":\"caf\u00e9\"}", "has characters a header cannot carry")]
    [InlineData("\"Method\":\"POST\",\"ApiEndpoint\":\"https://a.example\",\"Headers\":{\"X-Note\":\"a\\r\\nX-Evil: 1\"}", "has characters a header cannot carry")]
    [InlineData("\"Method\":\"POST\",\"ApiEndpoint\":\"https://a.example\",\"Transform\":{\"RequestBodyEncoding\":\"URL_ENCODED\"},\"RequestBody\":[1]", "A URL_ENCODED RequestBody must be a JSON object or a string")]
    public async Task Bad_arguments_fail_with_States_Runtime_before_sending(string parameters, string cause)
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var result = await Run(Machine(parameters), endpoint);
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.Runtime", result.Error);
        Assert.Contains(cause, result.Cause, StringComparison.Ordinal);
        Assert.Empty(endpoint.Requests);
    }

    [Fact]
    public async Task Headers_are_sent_with_the_User_Agent_and_Range_Step_Functions_sets()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        await Run(Machine("""
            "ApiEndpoint":"https://api.example.com/x","Method":"GET",
            "Headers":{"Request-Id":"r1","X-Many":["a","b"],"Accept":"application/json","User-Agent":"mine","Content-Language":"fr"}
            """), endpoint);
        var request = endpoint.Single;
        Assert.Equal("r1", request.Header("Request-Id"));
        Assert.Equal(["a", "b"], request.Values("X-Many"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Equal("fr", request.Header("Content-Language"));
        Assert.Equal(["Amazon|StepFunctions|HttpInvoke|us-east-1"], request.Values("User-Agent"));
        Assert.Equal("bytes=0-262144", request.Header("Range"));
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("host")]
    [InlineData("Accept-Encoding")]
    [InlineData("Transfer-Encoding")]
    [InlineData("X-Forwarded-For")]
    [InlineData("x-amz-date")]
    [InlineData("X-Amzn-Trace-Id")]
    public async Task Headers_AWS_forbids_fail_with_States_Runtime(string header)
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\",\"Headers\":{\"" + header + "\":\"v\"}"), endpoint);
        Assert.Equal("States.Runtime", result.Error);
        Assert.EndsWith("The header '" + header + "' is not allowed in an HTTP Task definition.", result.Cause, StringComparison.Ordinal);
        Assert.Empty(endpoint.Requests);
    }

    [Theory]
    [InlineData("https://api.example.com/search", """{"q":"a b&c","tag":["x","y"],"n":1,"b":true,"skip":null}""", "https://api.example.com/search?q=a%20b%26c&tag=x&tag=y&n=1&b=true")]
    [InlineData("https://api.example.com/search?fixed=1", """{"q":"é"}""", "https://api.example.com/search?fixed=1&q=%C3%A9")]
    [InlineData("https://api.example.com/search", "\"a=1&b=two%20words\"", "https://api.example.com/search?a=1&b=two%20words")]
    [InlineData("https://api.example.com/search", """[{"a":"1"},{"b":"2"}]""", "https://api.example.com/search?a=1&b=2")]
    public async Task Query_parameters_are_URL_encoded_after_the_endpoint(string endpointUrl, string query, string expected)
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var result = await Run(Machine("\"ApiEndpoint\":\"" + endpointUrl + "\",\"Method\":\"GET\",\"QueryParameters\":" + query), endpoint);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(expected, endpoint.Single.Url.AbsoluteUri);
    }

    [Theory]
    [InlineData(null, "array%5B0%5D=a&array%5B1%5D=b%20c&obj%5Bk%5D=v&n=1")]
    [InlineData("INDICES", "array%5B0%5D=a&array%5B1%5D=b%20c&obj%5Bk%5D=v&n=1")]
    [InlineData("REPEAT", "array=a&array=b%20c&obj%5Bk%5D=v&n=1")]
    [InlineData("COMMAS", "array=a,b%20c&obj%5Bk%5D=v&n=1")]
    [InlineData("BRACKETS", "array%5B%5D=a&array%5B%5D=b%20c&obj%5Bk%5D=v&n=1")]
    public async Task URL_encoded_bodies_write_arrays_in_each_format(string? format, string expected)
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var options = format is null ? string.Empty : ",\"RequestEncodingOptions\":{\"ArrayFormat\":\"" + format + "\"}";
        await Run(Machine("""
            "ApiEndpoint":"https://api.example.com/form","Method":"POST",
            "RequestBody":{"array":["a","b c"],"obj":{"k":"v"},"n":1},
            "Transform":{"RequestBodyEncoding":"URL_ENCODED"
            """ + options + "}"), endpoint);
        Assert.Equal(expected, endpoint.Single.Body);
        Assert.Equal("application/x-www-form-urlencoded", endpoint.Single.Header("Content-Type"));
    }

    [Fact]
    public async Task URL_encoding_follows_the_AWS_invoice_example()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        await Run(Machine("""
            "ApiEndpoint":"https://api.stripe.com/v1/invoices","Method":"POST",
            "Headers":{"Content-Type":"application/x-www-form-urlencoded"},
            "RequestBody":{"description":"Monthly subscription","metadata":{"order_details":"monthly report data"},"customer.$":"$.customer_id"},
            "Transform":{"RequestBodyEncoding":"URL_ENCODED","RequestEncodingOptions":{"ArrayFormat":"INDICES"}}
            """), endpoint, input: """{"customer_id":"1234567890"}""");
        Assert.Equal("description=Monthly%20subscription&metadata%5Border_details%5D=monthly%20report%20data&customer=1234567890", endpoint.Single.Body);
        Assert.Equal(["application/x-www-form-urlencoded"], endpoint.Single.Values("Content-Type"));
    }

    [Fact]
    public async Task JSON_and_text_bodies_are_sent_as_given()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        await Run(Machine("\"ApiEndpoint\":\"https://a.example/j\",\"Method\":\"POST\",\"RequestBody\":{\"a\":[1,2],\"b\":{\"c\":null}}"), endpoint);
        Assert.Equal("""{"a":[1,2],"b":{"c":null}}""", endpoint.Single.Body);
        Assert.Equal("application/json; charset=UTF-8", endpoint.Single.Header("Content-Type"));

        var text = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        await Run(Machine("\"ApiEndpoint\":\"https://a.example/t\",\"Method\":\"PUT\",\"Headers\":{\"Content-Type\":\"text/xml\"},\"RequestBody\":\"<a>1</a>\""), text);
        Assert.Equal("<a>1</a>", text.Single.Body);
        Assert.Equal(["text/xml"], text.Single.Values("Content-Type"));

        var none = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        await Run(Machine("\"ApiEndpoint\":\"https://a.example/n\",\"Method\":\"GET\""), none);
        Assert.Null(none.Single.Body);
        Assert.Null(none.Single.Header("Content-Type"));
    }

    [Fact]
    public async Task The_result_has_AWS_shape_with_a_parsed_JSON_body()
    {
        var endpoint = new FakeHttpHandler(_ =>
        {
            var response = FakeHttpHandler.Json("""{"id":7,"tags":["a"]}""", HttpStatusCode.Created);
            response.Headers.Add("X-Request-Id", "abc");
            response.Headers.Add("Set-Cookie", ["a=1", "b=2"]);
            return response;
        });
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"POST\""), endpoint);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var output = result.Output;
        Assert.Equal("""{"id":7,"tags":["a"]}""", output["ResponseBody"].ToJsonString());
        Assert.Equal(201, output["StatusCode"].GetDouble());
        Assert.Equal("Created", output["StatusText"].GetString());
        Assert.Equal("""["abc"]""", output["Headers"]["x-request-id"].ToJsonString());
        Assert.Equal("""["a=1","b=2"]""", output["Headers"]["set-cookie"].ToJsonString());
        Assert.Equal("""["application/json; charset=utf-8"]""", output["Headers"]["content-type"].ToJsonString());
        Assert.Equal(["Headers", "ResponseBody", "StatusCode", "StatusText"], output.GetObject().Names.ToArray());
    }

    [Theory]
    [InlineData("text/plain", "plain words", "\"plain words\"")]
    [InlineData("application/problem+json", """{"title":"x"}""", """{"title":"x"}""")]
    [InlineData("application/json", "not json", "\"not json\"")]
    [InlineData("text/html", "<p>{}</p>", "\"<p>{}</p>\"")]
    public async Task Response_bodies_are_parsed_only_when_JSON(string mediaType, string body, string expected)
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Text(body, HttpStatusCode.OK, mediaType));
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint);
        Assert.Equal(expected, result.Output["ResponseBody"].ToJsonString());
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("application/octet-stream")]
    [InlineData("audio/mpeg")]
    [InlineData("video/mp4")]
    public async Task Binary_responses_fail_with_States_Runtime(string mediaType)
    {
        var endpoint = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3]) { Headers = { { "Content-Type", mediaType } } } });
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint);
        Assert.Equal("States.Runtime", result.Error);
        Assert.Contains(mediaType, result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_valid_text_fails_with_States_Runtime()
    {
        var endpoint = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([0xC3, 0x28, 0xFF]) { Headers = { { "Content-Type", "text/plain" } } } });
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint);
        Assert.Equal("States.Runtime", result.Error);
        Assert.EndsWith("The HTTP response body cannot be read as a valid string.", result.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "States.Http.StatusCode.404", "Not Found")]
    [InlineData(HttpStatusCode.BadRequest, "States.Http.StatusCode.400", "Bad Request")]
    [InlineData(HttpStatusCode.TooManyRequests, "States.Http.StatusCode.429", "Too Many Requests")]
    [InlineData(HttpStatusCode.InternalServerError, "States.Http.StatusCode.500", "Internal Server Error")]
    [InlineData(HttpStatusCode.MovedPermanently, "States.Http.StatusCode.301", "Moved Permanently")]
    public async Task Non_2xx_responses_fail_with_the_status_code_error(HttpStatusCode status, string error, string cause)
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("""{"errors":["nope"]}""", status));
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint);
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(error, result.Error);
        Assert.Equal(cause, result.Cause);
        var failed = result.History!.Events.Single(e => e.Type == "TaskFailed");
        Assert.Equal("""{"resourceType":"http","resource":"invoke","error":"%E","cause":"%C"}""".Replace("%E", error).Replace("%C", cause), failed.Details.ToJsonString());
    }

    [Fact]
    public async Task Status_code_errors_are_caught_by_name()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Text("missing", HttpStatusCode.NotFound));
        var result = await Run(Machine(
            "\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\"",
            ""","Catch":[{"ErrorEquals":["States.Http.StatusCode.400"],"Next":"Wrong"},{"ErrorEquals":["States.Http.StatusCode.404"],"ResultPath":"$.err","Next":"Handled"}]""")
            .Replace("\"End\":true}}}", "\"End\":true},\"Wrong\":{\"Type\":\"Fail\"},\"Handled\":{\"Type\":\"Pass\",\"End\":true}}}", StringComparison.Ordinal), endpoint);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"err":{"Error":"States.Http.StatusCode.404","Cause":"Not Found"}}""", result.Output.ToJsonString());
    }

    [Fact]
    public async Task Retry_on_a_5xx_status_calls_again_after_the_interval()
    {
        var calls = 0;
        var endpoint = new FakeHttpHandler(_ => ++calls < 3 ? FakeHttpHandler.Text("busy", HttpStatusCode.ServiceUnavailable) : FakeHttpHandler.Json("""{"ok":1}"""));
        var result = await Run(Machine(
            "\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\"",
            ""","Retry":[{"ErrorEquals":["States.Http.StatusCode.429","States.Http.StatusCode.503"],"IntervalSeconds":2,"BackoffRate":2,"MaxAttempts":3}]"""), endpoint);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(3, endpoint.Requests.Count);
        Assert.Equal("""{"ok":1}""", result.Output["ResponseBody"].ToJsonString());
        // The waits (2 s, then 4 s) plus the calls' own real time, which the virtual clock follows while they run.
        Assert.InRange(result.StopDate - result.StartDate, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task TimeoutSeconds_ends_a_slow_call_with_States_Timeout_and_cancels_it()
    {
        var cancelled = new TaskCompletionSource();
        var endpoint = new FakeHttpHandler(async (_, token) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                cancelled.TrySetResult();
            }

            return FakeHttpHandler.Json("{}");
        });
        // On a virtual clock, time follows the real clock while the call is in flight: the timeout ends it after 1 real second.
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\"", ",\"TimeoutSeconds\":1"), endpoint);
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.Timeout", result.Error);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task On_a_virtual_clock_a_call_in_flight_holds_time_to_the_real_pace_so_its_timeout_does_not_fire_early()
    {
        // The CLI runs on a virtual clock that jumps to the next timer when the execution is idle; an HTTP call is real
        // work, so the state's 60-second timeout must not fire while the endpoint takes 300 ms to answer.
        var endpoint = new FakeHttpHandler(async (_, token) =>
        {
            await Task.Delay(300, token);
            return FakeHttpHandler.Json("""{"late":true}""");
        });
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\"", ",\"TimeoutSeconds\":60,\"ResultSelector\":{\"body.$\":\"$.ResponseBody\"}"), endpoint);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"body":{"late":true}}""", result.Output.ToJsonString());
        Assert.InRange(result.StopDate - result.StartDate, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_request_past_the_request_timeout_fails_with_States_Http_Socket()
    {
        var endpoint = new FakeHttpHandler(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return FakeHttpHandler.Json("{}");
        });
        var handlers = new TaskHandlerRegistry().Register(HttpTask.Resource, new HttpTaskHandler(new HttpClient(endpoint), Open, new HttpTaskOptions { RequestTimeout = TimeSpan.FromMilliseconds(100) }).InvokeAsync);
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example/slow\",\"Method\":\"GET\"", ",\"Retry\":[{\"ErrorEquals\":[\"States.Http.Socket\"],\"MaxAttempts\":1}]"), endpoint, handlers: handlers);
        Assert.Equal("States.Http.Socket", result.Error);
        Assert.Equal("The HTTP request to https://a.example/slow timed out after 0.1 seconds.", result.Cause);
        Assert.Equal(2, endpoint.Requests.Count);
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_with_States_Http_Socket()
    {
        var endpoint = new FakeHttpHandler((_, _) => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (a.example:443)")));
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example/x\",\"Method\":\"GET\""), endpoint);
        Assert.Equal("States.Http.Socket", result.Error);
        Assert.Equal("The HTTP request to https://a.example/x failed: Connection refused (a.example:443)", result.Cause);
    }

    [Fact]
    public async Task Stopping_the_execution_cancels_the_call()
    {
        var started = new TaskCompletionSource();
        var cancelled = new TaskCompletionSource();
        var endpoint = new FakeHttpHandler(async (_, token) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                cancelled.TrySetResult();
            }

            return FakeHttpHandler.Json("{}");
        });
        var kernel = new ExecutionKernel(new ExecutionOptions { HttpClient = new HttpClient(endpoint), HttpConnections = Open });
        using var stop = new CancellationTokenSource();
        var run = kernel.RunAsync(AslInterpreter.Compile(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\"")), JsonValue.EmptyObject, null, stop.Token).AsTask();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ExecutionStatus.Aborted, result.Status);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_JSON_body_that_begins_with_a_byte_order_mark_is_read_as_JSON()
    {
        // An HTTP trial: the mark kept the body a string starting with U+FEFF.
        var endpoint = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"ok":true}""")]) { Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") } },
        });
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(JsonValue.Parse("""{"ok":true}"""), result.Output["ResponseBody"]);
    }

    [Fact]
    public async Task A_response_over_256_KiB_fails_with_States_DataLimitExceeded()
    {
        var big = new string('x', 300 * 1024);
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Text(big));
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint);
        Assert.Equal("States.DataLimitExceeded", result.Error);
        // Named as the kernel names an integration's result too large (its service), as a body just under the limit
        // whose result is over it is (an HTTP trial saw 'Call' on one side of the limit and 'http' on the other).
        Assert.Equal("The state/task 'http' returned a result with a size exceeding the maximum number of bytes service limit.", result.Cause);
        var almost = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), new FakeHttpHandler(_ => FakeHttpHandler.Text(new string('x', (256 * 1024) - 100))));
        Assert.Equal((result.Error, result.Cause), (almost.Error, almost.Cause));

        // Without a declared length the body is read up to the limit only.
        var streamed = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(big))) });
        Assert.Equal("States.DataLimitExceeded", (await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), streamed)).Error);
    }

    [Fact]
    public async Task Works_in_a_JSONata_state_with_Arguments()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("""{"total":3}"""));
        var result = await Run("""
            {"QueryLanguage":"JSONata","StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::http:invoke",
              "Arguments":{"ApiEndpoint":"{% 'https://api.example.com/orders/' & $states.input.id %}","Method":"POST",
                "InvocationConfig":{"ConnectionArn":"
            """ + Connection + """
            "},"QueryParameters":{"expand":"{% $states.input.expand %}"},"RequestBody":{"ids":"{% [$states.input.id] %}"}},
              "Output":"{% $states.result.ResponseBody.total %}","End":true}}}
            """, endpoint, input: """{"id":42,"expand":"lines"}""");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("3", result.Output.ToJsonString());
        Assert.Equal("https://api.example.com/orders/42?expand=lines", endpoint.Single.Url.AbsoluteUri);
        Assert.Equal("""{"ids":[42]}""", endpoint.Single.Body);
    }

    [Fact]
    public async Task The_history_records_an_http_service_task()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint);
        Assert.Equal(
            ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"],
            result.History!.Events.Select(e => e.Type).ToArray());
        var scheduled = result.History.Events.Single(e => e.Type == "TaskScheduled").Details;
        Assert.Equal("http", scheduled["resourceType"].GetString());
        Assert.Equal("invoke", scheduled["resource"].GetString());
    }

    [Fact]
    public async Task A_configured_mock_answers_instead_of_the_endpoint()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var mocks = MockConfiguration.Parse(JsonValue.Parse("""
            {"StateMachines":{"M":{"TestCases":{"T":{"Call":"Ok"}}}},
             "MockedResponses":{"Ok":{"0":{"Return":{"StatusCode":200,"StatusText":"OK","Headers":{},"ResponseBody":{"mocked":true}}}}}}
            """)).GetTestCase("M", "T");
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint, mocks: mocks);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"mocked":true}""", result.Output["ResponseBody"].ToJsonString());
        Assert.Empty(endpoint.Requests);
    }

    [Fact]
    public async Task A_registered_handler_takes_the_resource_instead_of_the_built_in_call()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var handlers = new TaskHandlerRegistry().RegisterFunction(HttpTask.Resource, input => JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("Echo", input["ApiEndpoint"])));
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint, handlers: handlers);
        Assert.Equal("""{"Echo":"https://a.example"}""", result.Output.ToJsonString());
        Assert.Empty(endpoint.Requests);
    }

    [Fact]
    public async Task The_handler_can_be_called_outside_the_kernel()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Text("created", HttpStatusCode.Created));
        var handler = new HttpTaskHandler(() => new HttpClient(endpoint), Open, new HttpTaskOptions { Region = "eu-west-3" });
        var result = await handler.InvokeAsync(JsonValue.Parse("""{"ApiEndpoint":"https://a.example/x","Method":"POST","InvocationConfig":{"ConnectionArn":"%C"}}""".Replace("%C", Connection, StringComparison.Ordinal)));
        Assert.Equal("created", result["ResponseBody"].GetString());
        Assert.Equal("Amazon|StepFunctions|HttpInvoke|eu-west-3", endpoint.Single.Header("User-Agent"));

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => handler.InvokeAsync(JsonValue.Parse("""{"ApiEndpoint":"https://a.example/x","Method":"GET"}""")).AsTask());
        Assert.Equal("States.Runtime", failure.Error);

        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpTaskHandler(new HttpClient(endpoint), null, new HttpTaskOptions { RequestTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpTaskHandler(new HttpClient(endpoint), null, new HttpTaskOptions { MaxResponseBytes = -1 }));
    }

    /// <summary>A stream without a length, as a chunked response is.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
