using System.Net;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Server.Services;

namespace AslCompiler.Server.Tests;

/// <summary>
/// <c>sns:publish</c> sent to an SNS endpoint (<c>asl serve --sns-endpoint</c>): SNS's query protocol out, its XML
/// answer in, and the results and errors in the shapes AWS records.
/// </summary>
public sealed class SnsTaskRouterTests
{
    [Fact]
    public void Publish_parameters_are_flattened_as_the_query_protocol_names_them()
    {
        var form = SnsTaskRouter.Form(JsonValue.Parse("""
            {"TopicArn":"arn:aws:sns:us-east-1:111111111111:t","Message":{"TaskToken":"tok","n":1},"Subject":null,
             "MessageAttributes":{"a":{"DataType":"String","StringValue":"Hello"},"b":{"DataType":"Number","StringValue":"7"}}}
            """));
        Assert.Equal(
            [
                ("Action", "Publish"), ("Version", "2010-03-31"), ("TopicArn", "arn:aws:sns:us-east-1:111111111111:t"), ("Message", """{"TaskToken":"tok","n":1}"""),
                ("MessageAttributes.entry.1.Name", "a"), ("MessageAttributes.entry.1.Value.DataType", "String"), ("MessageAttributes.entry.1.Value.StringValue", "Hello"),
                ("MessageAttributes.entry.2.Name", "b"), ("MessageAttributes.entry.2.Value.DataType", "Number"), ("MessageAttributes.entry.2.Value.StringValue", "7"),
            ],
            form.Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public async Task A_publish_returns_the_message_id_with_the_SDKs_HTTP_metadata()
    {
        var endpoint = new FakeSns(HttpStatusCode.OK, """
            <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><SequenceNumber>10000000000000003000</SequenceNumber><MessageId>m-1</MessageId></PublishResult>
              <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
            </PublishResponse>
            """);
        var result = await RunAsync(endpoint, """{"TopicArn":"arn:aws:sns:us-east-1:111111111111:t.fifo","Message":"hi","MessageGroupId":"g"}""");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(["MessageId", "SdkHttpMetadata", "SdkResponseMetadata", "SequenceNumber"], result.Output.GetObject().Names);
        Assert.Equal("m-1", result.Output["MessageId"].GetString());
        Assert.Equal("10000000000000003000", result.Output["SequenceNumber"].GetString());
        Assert.Equal(JsonValue.Parse("""{"RequestId":"r-1"}"""), result.Output["SdkResponseMetadata"]);

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.ContentType);
        Assert.Equal("Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A111111111111%3At.fifo&Message=hi&MessageGroupId=g", request.Body);
        Assert.Contains("/us-east-1/sns/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=", request.Authorization, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, "NotFound", "Topic does not exist", "SNS.NotFoundException",
        "Topic does not exist (Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: r-2; Proxy: null)")]
    [InlineData(400, "InvalidParameter", "Invalid parameter: The MessageGroupId parameter is required for FIFO topics", "SNS.InvalidParameterException",
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics (Service: AmazonSNS; Status Code: 400; Error Code: InvalidParameter; Request ID: r-2; Proxy: null)")]
    [InlineData(400, "ParameterValueInvalid", "bad value", "SNS.InvalidParameterValueException",
        "bad value (Service: AmazonSNS; Status Code: 400; Error Code: ParameterValueInvalid; Request ID: r-2; Proxy: null)")]
    [InlineData(400, "SomethingNew", "odd", "SNS.AmazonSNSException",
        "odd (Service: AmazonSNS; Status Code: 400; Error Code: SomethingNew; Request ID: r-2; Proxy: null)")]
    public async Task A_refusal_fails_the_task_with_the_error_and_cause_AWS_records(int status, string code, string message, string error, string cause)
    {
        var endpoint = new FakeSns((HttpStatusCode)status, "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>r-2</RequestId></ErrorResponse>");
        var result = await RunAsync(endpoint, """{"TopicArn":"arn:aws:sns:us-east-1:111111111111:t","Message":"x"}""");
        Assert.Equal((ExecutionStatus.Failed, error, cause), (result.Status, result.Error, result.Cause));
    }

    [Fact]
    public async Task An_answer_that_is_not_XML_is_the_SDKs_client_exception()
    {
        var result = await RunAsync(new FakeSns(HttpStatusCode.OK, "{not xml"), """{"TopicArn":"t","Message":"x"}""");
        Assert.Equal("SNS.SdkClientException", result.Error);
        Assert.Contains("not XML: {not xml", result.Cause, StringComparison.Ordinal);
    }

    private static async Task<ExecutionResult> RunAsync(FakeSns endpoint, string parameters)
    {
        var registry = new TaskHandlerRegistry();
        new SnsTaskRouter(new Uri("http://localhost:4566/"), "us-east-1", new AwsCredentials("a", "b"), new HttpClient(endpoint)).RegisterWith(registry);
        var definition = "{\"StartAt\":\"Publish\",\"States\":{\"Publish\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sns:publish\",\"Parameters\":" + parameters + ",\"End\":true}}}";
        var kernel = new ExecutionKernel(new ExecutionOptions { TaskHandlers = registry });
        return await kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, new ExecutionRequest { RecordHistory = false });
    }

    private sealed record SeenRequest(string ContentType, string Authorization, string Body);

    /// <summary>Records each request and answers it with one status and XML body.</summary>
    private sealed class FakeSns(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<SeenRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(new SeenRequest(
                request.Content!.Headers.ContentType!.ToString(),
                string.Join(",", request.Headers.GetValues("Authorization")),
                await request.Content.ReadAsStringAsync(cancellationToken)));
            var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml");
            return response;
        }
    }
}
