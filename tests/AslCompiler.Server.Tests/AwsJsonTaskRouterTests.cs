using System.Net;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using AslCompiler.Server.Services;

namespace AslCompiler.Server.Tests;

/// <summary>
/// DynamoDB, SQS and EventBridge tasks sent to an endpoint of the service (<c>asl serve --dynamodb-endpoint</c>,
/// <c>--sqs-endpoint</c>, <c>--eventbridge-endpoint</c>):
/// the request the service's JSON protocol takes, signed as the SDKs sign it, and the results and errors in the shapes
/// AWS records.
/// </summary>
public sealed class AwsJsonTaskRouterTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task The_request_is_DynamoDBs_JSON_protocol_signed_as_the_AWS_SDKs_sign_it()
    {
        var endpoint = new FakeEndpoint(HttpStatusCode.OK, "{}");
        var result = await RunAsync(endpoint, "arn:aws:states:::aws-sdk:dynamodb:getItem", """{"TableName":"t","Key":{"id":{"S":"1"}}}""");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal(("POST", "http://localhost:8000/"), (request.Method, request.Uri));
        Assert.Equal("DynamoDB_20120810.GetItem", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.0", request.Headers["Content-Type"]);
        Assert.Equal("""{"TableName":"t","Key":{"id":{"S":"1"}}}""", request.Body);
        Assert.Equal("20250102T030405Z", request.Headers["X-Amz-Date"]);

        // What botocore's SigV4Auth signs for the same request, credentials, region and time.
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/eu-west-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=a8f9c25a3f034ba0759c18bd65550296ce32ceb6b46bd69065194902622a560c",
            request.Headers["Authorization"]);
    }

    [Fact]
    public async Task An_optimized_integrations_result_carries_the_SDKs_HTTP_metadata()
    {
        var endpoint = new FakeEndpoint(HttpStatusCode.OK, """{"Item":{"id":{"S":"1"}}}""", ("x-amzn-RequestId", "REQ1"), ("Server", "Werkzeug/3.1 Python/3.11"));
        var result = await RunAsync(endpoint, "arn:aws:states:::dynamodb:getItem", """{"TableName":"t","Key":{"id":{"S":"1"}}}""");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var output = result.Output;
        Assert.Equal(["Item", "SdkHttpMetadata", "SdkResponseMetadata"], output.GetObject().Names);
        Assert.Equal(JsonValue.Parse("""{"id":{"S":"1"}}"""), output["Item"]);
        Assert.Equal(JsonValue.Parse("200"), output["SdkHttpMetadata"]["HttpStatusCode"]);
        Assert.Equal(JsonValue.Parse("""["REQ1"]"""), output["SdkHttpMetadata"]["AllHttpHeaders"]["x-amzn-RequestId"]);
        Assert.Equal(JsonValue.Parse("""["application/x-amz-json-1.0"]"""), output["SdkHttpMetadata"]["AllHttpHeaders"]["Content-Type"]);
        Assert.Equal(JsonValue.Parse("""["Werkzeug/3.1 Python/3.11"]"""), output["SdkHttpMetadata"]["AllHttpHeaders"]["Server"]); // as sent, not split into products
        var single = output["SdkHttpMetadata"]["HttpHeaders"];
        Assert.Equal("REQ1", single["x-amzn-RequestId"].GetString());
        Assert.Equal(single.GetObject().Names.Order(StringComparer.OrdinalIgnoreCase), single.GetObject().Names); // case-insensitive order, as the SDK's map
        Assert.Equal(JsonValue.Parse("""{"RequestId":"REQ1"}"""), output["SdkResponseMetadata"]);
    }

    [Fact]
    public async Task An_AWS_SDK_integrations_result_is_the_response()
    {
        var endpoint = new FakeEndpoint(HttpStatusCode.OK, """{"Count":1,"Items":[{"id":{"S":"1"}}],"ScannedCount":1}""");
        var result = await RunAsync(endpoint, "arn:aws:states:::aws-sdk:dynamodb:query", """{"TableName":"t"}""");
        Assert.Equal(JsonValue.Parse("""{"Count":1,"Items":[{"id":{"S":"1"}}],"ScannedCount":1}"""), result.Output);
        Assert.Equal("DynamoDB_20120810.Query", Assert.Single(endpoint.Requests).Headers["X-Amz-Target"]);
    }

    [Theory]
    [InlineData("arn:aws:states:::dynamodb:putItem", "ResourceNotFoundException", "Requested resource not found",
        "DynamoDB.ResourceNotFoundException", "Requested resource not found (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: R-1; Proxy: null)")]
    [InlineData("arn:aws:states:::dynamodb:putItem", "ValidationException", "1 validation error detected",
        "DynamoDB.AmazonDynamoDBException", "1 validation error detected (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException; Request ID: R-1; Proxy: null)")]
    [InlineData("arn:aws:states:::aws-sdk:dynamodb:putItem", "ResourceNotFoundException", "Requested resource not found",
        "DynamoDb.ResourceNotFoundException", "Requested resource not found (Service: DynamoDb, Status Code: 400, Request ID: R-1)")]
    [InlineData("arn:aws:states:::aws-sdk:dynamodb:putItem", "ValidationException", "1 validation error detected",
        "DynamoDb.DynamoDbException", "1 validation error detected (Service: DynamoDb, Status Code: 400, Request ID: R-1)")]
    [InlineData("arn:aws:states:::aws-sdk:dynamodb:putItem", "ConditionalCheckFailedException", "The conditional request failed",
        "DynamoDb.ConditionalCheckFailedException", "The conditional request failed (Service: DynamoDb, Status Code: 400, Request ID: R-1)")]
    [InlineData("arn:aws:states:::dynamodb:putItem", "RequestLimitExceeded", "Throughput exceeds the account limit",
        "DynamoDB.RequestLimitExceededException", "Throughput exceeds the account limit (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: RequestLimitExceeded; Request ID: R-1; Proxy: null)")]
    public async Task A_refusal_fails_the_task_with_the_error_and_cause_AWS_records(string resource, string type, string message, string error, string cause)
    {
        var endpoint = new FakeEndpoint(
            HttpStatusCode.BadRequest,
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}",
            ("x-amzn-RequestId", "R-1"));
        var result = await RunAsync(endpoint, resource, """{"TableName":"t","Item":{"id":{"S":"1"}}}""");
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal((error, cause), (result.Error, result.Cause));
    }

    [Theory]
    [InlineData("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException:http://internal.amazon.com/coral\",\"message\":\"gone\"}", null)]
    [InlineData("{\"message\":\"gone\"}", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.dynamodb/")]
    public async Task The_error_code_is_read_without_what_follows_it_from_the_body_or_the_header(string body, string? header)
    {
        (string, string)[] headers = header is null ? [("x-amzn-RequestId", "R-3")] : [("x-amzn-RequestId", "R-3"), ("x-amzn-ErrorType", header)];
        var result = await RunAsync(new FakeEndpoint(HttpStatusCode.BadRequest, body, headers), "arn:aws:states:::aws-sdk:dynamodb:getItem", """{"TableName":"t"}""");
        Assert.Equal(("DynamoDb.ResourceNotFoundException", "gone (Service: DynamoDb, Status Code: 400, Request ID: R-3)"), (result.Error, result.Cause));
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_the_SDKs_client_exception()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        var registry = new TaskHandlerRegistry();
        AwsJsonTaskRouter.DynamoDb(new Uri("http://127.0.0.1:" + port), "us-east-1", new AwsCredentials("a", "b")).RegisterWith(registry);
        var result = await RunAsync(registry, "arn:aws:states:::dynamodb:getItem", """{"TableName":"t"}""");
        Assert.Equal("DynamoDB.SdkClientException", result.Error);
        Assert.StartsWith("Unable to execute HTTP request: ", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_on_a_virtual_clock_holds_it_so_a_slow_answer_does_not_time_the_execution_out()
    {
        // asl run and TestState run on a virtual clock, which jumps to the next timer when nothing runs: without the
        // hold, the EXPRESS execution's five-minute limit fired while the endpoint was still answering.
        var endpoint = new FakeEndpoint(HttpStatusCode.OK, """{"Item":{"id":{"S":"1"}}}""") { Delay = TimeSpan.FromMilliseconds(100) };
        var registry = new TaskHandlerRegistry();
        AwsJsonTaskRouter.DynamoDb(new Uri("http://localhost:8000/"), "us-east-1", new AwsCredentials("a", "b"), new HttpClient(endpoint)).RegisterWith(registry);
        var clock = new VirtualTimeProvider();
        var kernel = new ExecutionKernel(new ExecutionOptions { TaskHandlers = registry, TimeProvider = clock });
        var definition = """{"StartAt":"Get","States":{"Get":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:dynamodb:getItem","End":true}}}""";
        var run = kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse("""{"TableName":"t"}"""), new ExecutionRequest { Type = AslCompiler.Language.Model.ExecutionType.Express, RecordHistory = false }).AsTask();
        var result = await VirtualClock.RunAsync(clock, run, TimeSpan.FromSeconds(10));
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.True(clock.GetUtcNow() - result.StartDate < TimeSpan.FromMinutes(1), "virtual time jumped while the call was in flight");
    }

    [Fact]
    public void The_routers_name_the_resources_they_serve_for_hosts_that_register_handlers_their_own_way()
    {
        var endpoint = new Uri("http://localhost:4566");
        Assert.Equal(
            ["arn:aws-cn:states:::dynamodb:*", "arn:aws-cn:states:::aws-sdk:dynamodb:*"],
            AwsJsonTaskRouter.DynamoDb(endpoint, "cn-north-1").Handlers("aws-cn").Select(h => h.Key));
        Assert.Equal(
            ["arn:aws:states:::events:*", "arn:aws:states:::aws-sdk:eventbridge:*"],
            AwsJsonTaskRouter.EventBridge(endpoint, "us-east-1").Handlers().Select(h => h.Key));
        Assert.Equal(
            ["arn:aws:states:::sns:publish", "arn:aws:states:::sns:publish.waitForTaskToken"],
            new SnsTaskRouter(endpoint, "us-east-1").Handlers().Select(h => h.Key));
    }

    [Fact]
    public async Task An_answer_past_64_MB_fails_the_task_instead_of_filling_memory()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[65536];
            _ = await stream.ReadAsync(buffer); // the start of the request: enough to answer
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 100000000\r\n\r\n{"u8.ToArray());
            await Task.Delay(2000);
        });
        var registry = new TaskHandlerRegistry();
        AwsJsonTaskRouter.DynamoDb(new Uri("http://127.0.0.1:" + port), "us-east-1", new AwsCredentials("a", "b")).RegisterWith(registry);
        var result = await RunAsync(registry, "arn:aws:states:::dynamodb:getItem", """{"TableName":"t"}""");
        Assert.Equal("DynamoDB.SdkClientException", result.Error);
        Assert.Contains("67108864", result.Cause, StringComparison.Ordinal); // refused for its size, before reading it
        listener.Stop();
    }

    [Fact]
    public async Task Temporary_credentials_send_their_session_token()
    {
        var endpoint = new FakeEndpoint(HttpStatusCode.OK, "{}");
        var registry = new TaskHandlerRegistry();
        AwsJsonTaskRouter.DynamoDb(new Uri("http://localhost:8000"), "us-east-1", new AwsCredentials("a", "b", "TOKEN"), new HttpClient(endpoint), new FixedTime()).RegisterWith(registry);
        await RunAsync(registry, "arn:aws:states:::dynamodb:deleteItem", """{"TableName":"t"}""");
        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("TOKEN", request.Headers["X-Amz-Security-Token"]);
        Assert.Contains("x-amz-security-token", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("DynamoDB_20120810.DeleteItem", request.Headers["X-Amz-Target"]);
    }

    [Fact]
    public async Task An_optimized_SQS_task_sends_an_object_message_body_as_its_JSON_text_and_leaves_nulls_out()
    {
        var endpoint = new FakeEndpoint(HttpStatusCode.OK, """{"SequenceNumber":"7","MessageId":"id-1","MD5OfMessageBody":"m"}""", ("x-amzn-RequestId", "Q1"));
        var result = await RunAsync(endpoint, "arn:aws:states:::sqs:sendMessage", """{"QueueUrl":"http://q/1","MessageBody":{"a":[1,2]},"DelaySeconds":null}""", sqs: true);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("AmazonSQS.SendMessage", request.Headers["X-Amz-Target"]);
        Assert.Contains("/eu-west-1/sqs/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("""{"QueueUrl":"http://q/1","MessageBody":"{\"a\":[1,2]}"}""", request.Body);
        Assert.Equal(["MD5OfMessageBody", "MessageId", "SdkHttpMetadata", "SdkResponseMetadata", "SequenceNumber"], result.Output.GetObject().Names); // ordinal order, as AWS records
    }

    [Fact]
    public async Task An_AWS_SDK_SQS_task_sends_the_message_body_as_given()
    {
        var endpoint = new FakeEndpoint(HttpStatusCode.OK, """{"MessageId":"id-1"}""");
        var result = await RunAsync(endpoint, "arn:aws:states:::aws-sdk:sqs:sendMessage", """{"QueueUrl":"http://q/1","MessageBody":"text"}""", sqs: true);
        Assert.Equal(JsonValue.Parse("""{"MessageId":"id-1"}"""), result.Output);
        Assert.Equal("""{"QueueUrl":"http://q/1","MessageBody":"text"}""", Assert.Single(endpoint.Requests).Body);
    }

    [Fact]
    public async Task A_waitForTaskToken_SQS_task_sends_the_token_and_waits_for_the_answer()
    {
        var endpoint = new FakeEndpoint(HttpStatusCode.OK, """{"MessageId":"id-1"}""");
        var registry = new TaskHandlerRegistry();
        AwsJsonTaskRouter.Sqs(new Uri("http://localhost:9324/"), "eu-west-1", new AwsCredentials("a", "b"), new HttpClient(endpoint), new FixedTime()).RegisterWith(registry);
        var definition = """{"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"QueueUrl":"http://q/1","MessageBody":{"token.$":"$$.Task.Token"}},"End":true}}}""";
        var kernel = new ExecutionKernel(new ExecutionOptions { TaskHandlers = registry });
        var run = kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, new ExecutionRequest { RecordHistory = false }).AsTask();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (endpoint.Requests.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("AmazonSQS.SendMessage", request.Headers["X-Amz-Target"]);
        var token = JsonValue.Parse(JsonValue.Parse(request.Body)["MessageBody"].GetString())["token"].GetString();
        Assert.False(run.IsCompleted);
        Assert.True(kernel.SendTaskSuccess(token, JsonValue.Parse("""{"answer":42}""")));
        var result = await run;
        Assert.Equal(JsonValue.Parse("""{"answer":42}"""), result.Output);
    }

    [Theory]
    [InlineData("arn:aws:states:::sqs:sendMessage", "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue;Sender", "The specified queue does not exist.",
        "SQS.QueueDoesNotExistException", "The specified queue does not exist. (Service: AmazonSQS; Status Code: 400; Error Code: AWS.SimpleQueueService.NonExistentQueue; Request ID: R-2; Proxy: null)")]
    [InlineData("arn:aws:states:::sqs:sendMessage", "MissingParameter", "MissingParameter;Sender", "The request must contain the parameter MessageBody.",
        "SQS.AmazonSQSException", "The request must contain the parameter MessageBody. (Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter; Request ID: R-2; Proxy: null)")]
    [InlineData("arn:aws:states:::aws-sdk:sqs:sendMessage", "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue;Sender", "The specified queue does not exist.",
        "Sqs.QueueDoesNotExistException", "The specified queue does not exist. (Service: Sqs, Status Code: 400, Request ID: R-2)")]
    [InlineData("arn:aws:states:::aws-sdk:sqs:sendMessage", "MissingParameter", "MissingParameter;Sender", "The request must contain the parameter MessageBody.",
        "Sqs.SqsException", "The request must contain the parameter MessageBody. (Service: Sqs, Status Code: 400, Request ID: R-2)")]
    public async Task An_SQS_refusal_fails_the_task_with_the_error_and_cause_AWS_records(string resource, string type, string queryError, string message, string error, string cause)
    {
        var endpoint = new FakeEndpoint(
            HttpStatusCode.BadRequest,
            "{\"__type\":\"com.amazonaws.sqs#" + type + "\",\"message\":\"" + message + "\"}",
            ("x-amzn-RequestId", "R-2"),
            ("x-amzn-query-error", queryError));
        var result = await RunAsync(endpoint, resource, """{"QueueUrl":"http://q/1"}""", sqs: true);
        Assert.Equal((error, cause), (result.Error, result.Cause));
    }

    [Fact]
    public async Task An_optimized_putEvents_sends_object_details_as_text_and_returns_the_response_as_it_is()
    {
        var endpoint = new FakeEndpoint(HttpStatusCode.OK, """{"Entries":[{"EventId":"e-1"},{"EventId":"e-2"}],"FailedEntryCount":0}""", ("x-amzn-RequestId", "E1"));
        var result = await RunAsync(
            endpoint,
            "arn:aws:states:::events:putEvents",
            """{"Entries":[{"Detail":{"Message":"Hello"},"DetailType":"t","Source":"s"},{"Detail":"{\"a\":1}","DetailType":"t","Source":"s"}]}""",
            events: true);
        Assert.Equal(JsonValue.Parse("""{"Entries":[{"EventId":"e-1"},{"EventId":"e-2"}],"FailedEntryCount":0}"""), result.Output);
        var request = Assert.Single(endpoint.Requests);
        Assert.Equal(("AWSEvents.PutEvents", "application/x-amz-json-1.1"), (request.Headers["X-Amz-Target"], request.Headers["Content-Type"]));
        Assert.Contains("/eu-west-1/events/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal(
            """{"Entries":[{"Detail":"{\"Message\":\"Hello\"}","DetailType":"t","Source":"s"},{"Detail":"{\"a\":1}","DetailType":"t","Source":"s"}]}""",
            request.Body);
    }

    [Fact]
    public async Task An_optimized_putEvents_with_a_failed_entry_fails_with_the_response_as_its_cause_as_AWS_records()
    {
        const string Response = """{"Entries":[{"EventId":"e-1"},{"ErrorCode":"MalformedDetail","ErrorMessage":"Detail is malformed."}],"FailedEntryCount":1}""";
        var failed = await RunAsync(new FakeEndpoint(HttpStatusCode.OK, Response), "arn:aws:states:::events:putEvents", """{"Entries":[{"Detail":"\"x\"","DetailType":"t","Source":"s"}]}""", events: true);
        Assert.Equal(("EventBridge.FailedEntry", Response), (failed.Error, failed.Cause));

        // The AWS SDK integration returns the response: a failed entry is the caller's to look at.
        var sdk = await RunAsync(new FakeEndpoint(HttpStatusCode.OK, Response), "arn:aws:states:::aws-sdk:eventbridge:putEvents", """{"Entries":[]}""", events: true);
        Assert.Equal(JsonValue.Parse(Response), sdk.Output);
    }

    private static Task<ExecutionResult> RunAsync(FakeEndpoint endpoint, string resource, string parameters, bool sqs = false, bool events = false)
    {
        var registry = new TaskHandlerRegistry();
        var credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        var router = events
            ? AwsJsonTaskRouter.EventBridge(new Uri("http://localhost:4566/"), "eu-west-1", credentials, new HttpClient(endpoint), new FixedTime())
            : sqs
            ? AwsJsonTaskRouter.Sqs(new Uri("http://localhost:9324/"), "eu-west-1", credentials, new HttpClient(endpoint), new FixedTime())
            : AwsJsonTaskRouter.DynamoDb(new Uri("http://localhost:8000/"), "eu-west-1", credentials, new HttpClient(endpoint), new FixedTime());
        router.RegisterWith(registry);
        return RunAsync(registry, resource, parameters);
    }

    private static async Task<ExecutionResult> RunAsync(TaskHandlerRegistry registry, string resource, string parameters)
    {
        var definition = "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":\"" + resource + "\",\"Parameters\":" + parameters + ",\"End\":true}}}";
        var kernel = new ExecutionKernel(new ExecutionOptions { TaskHandlers = registry });
        return await kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, new ExecutionRequest { RecordHistory = false });
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed record SeenRequest(string Method, string Uri, Dictionary<string, string> Headers, string Body);

    /// <summary>Records each request and answers it with one status, body and headers (JSON 1.0 content).</summary>
    private sealed class FakeEndpoint(HttpStatusCode status, string body, params (string Name, string Value)[] headers) : HttpMessageHandler
    {
        public List<SeenRequest> Requests { get; } = [];

        /// <summary>How long the answer takes (real time).</summary>
        public TimeSpan Delay { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Delay, cancellationToken);
            var seen = request.Headers.Concat(request.Content!.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            Requests.Add(new SeenRequest(request.Method.Method, request.RequestUri!.AbsoluteUri, seen, await request.Content.ReadAsStringAsync(cancellationToken)));
            var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.0");
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        }
    }
}
