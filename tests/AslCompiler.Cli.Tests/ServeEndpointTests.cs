using AslCompiler.Cli.Commands;

namespace AslCompiler.Cli.Tests;

/// <summary><c>asl serve --lambda-endpoint URL --dynamodb-endpoint URL --sqs-endpoint URL --eventbridge-endpoint URL</c>: where those tasks go.</summary>
public sealed class ServeEndpointTests
{
    [Theory]
    [InlineData("ftp://host", null, "asl: --lambda-endpoint must be an http:// or https:// URL, not 'ftp://host'.")]
    [InlineData(null, "localhost:8000", "asl: --dynamodb-endpoint must be an http:// or https:// URL, not 'localhost:8000'.")]
    [InlineData(null, "", "asl: --dynamodb-endpoint must be an http:// or https:// URL, not ''.")]
    public void An_endpoint_that_is_not_an_http_URL_is_refused_before_the_server_listens(string? lambda, string? dynamoDb, string message) =>
        Assert.Equal(message + Environment.NewLine, ServeRunner.Refused(Arguments(lambda, dynamoDb)));

    [Fact]
    public void An_SQS_EventBridge_or_SNS_endpoint_that_is_not_an_http_URL_is_refused_before_the_server_listens()
    {
        Assert.Equal(
            "asl: --sqs-endpoint must be an http:// or https:// URL, not 'queue'." + Environment.NewLine,
            ServeRunner.Refused(Arguments(null, null) with { SqsEndpoint = "queue" }));
        Assert.Equal(
            "asl: --eventbridge-endpoint must be an http:// or https:// URL, not 'bus'." + Environment.NewLine,
            ServeRunner.Refused(Arguments(null, null) with { EventBridgeEndpoint = "bus" }));
        Assert.Equal(
            "asl: --sns-endpoint must be an http:// or https:// URL, not 'topic'." + Environment.NewLine,
            ServeRunner.Refused(Arguments(null, null) with { SnsEndpoint = "topic" }));
    }

    [Fact]
    public void DynamoDB_tasks_go_to_the_endpoint()
    {
        // Nothing listens on the endpoint: the task reaches it and fails as the SDK fails to connect (without the
        // option it would fail for want of a handler).
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        string? error = null;
        var (exit, stderr) = ServeRunner.Serve(Arguments(null, "http://127.0.0.1:" + port), (api, _) =>
        {
            var machine = api.CreateStateMachineAsync(new AslCompiler.Runtime.Api.CreateStateMachineRequest
            {
                Name = "Ddb",
                Definition = """{"StartAt":"Get","States":{"Get":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{"TableName":"t","Key":{"id":{"S":"1"}}},"End":true}}}""",
                RoleArn = "arn:aws:iam::123456789012:role/R",
                Type = AslCompiler.Runtime.Api.StateMachineType.Express,
            }).GetAwaiter().GetResult().StateMachineArn;
            error = api.StartSyncExecutionAsync(new AslCompiler.Runtime.Api.StartSyncExecutionRequest { StateMachineArn = machine }).GetAwaiter().GetResult().Error;
        });
        Assert.True(exit == 0, stderr);
        Assert.Equal("DynamoDB.SdkClientException", error);
    }

    private static ServeCommand.ServeArguments Arguments(string? lambda, string? dynamoDb) =>
        new(0, "127.0.0.1", null, null, null, null, lambda, 1, "None", "simple", DynamoDbEndpoint: dynamoDb);
}
