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
            ServeRunner.Refused(Arguments(null, null) with { Endpoints = new ServiceEndpoints(Sqs: "queue") }));
        Assert.Equal(
            "asl: --eventbridge-endpoint must be an http:// or https:// URL, not 'bus'." + Environment.NewLine,
            ServeRunner.Refused(Arguments(null, null) with { Endpoints = new ServiceEndpoints(EventBridge: "bus") }));
        Assert.Equal(
            "asl: --sns-endpoint must be an http:// or https:// URL, not 'topic'." + Environment.NewLine,
            ServeRunner.Refused(Arguments(null, null) with { Endpoints = new ServiceEndpoints(Sns: "topic") }));
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
        new(0, "127.0.0.1", null, null, null, null, new ServiceEndpoints(lambda, dynamoDb), 1, "None", "simple");
}

/// <summary><c>asl run</c> takes the same endpoint options as <c>asl serve</c>, with or without <c>--store</c>.</summary>
public sealed class RunEndpointTests() : StoreDirectory("asl-cli-run-endpoint-")
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DynamoDB_and_SNS_tasks_go_to_their_endpoints(bool durable)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closed = "http://127.0.0.1:" + ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there: each task reaches its endpoint and fails as the SDK fails to connect

        var file = Path.Combine(Dir, "Calls.asl.json");
        File.WriteAllText(file, """
            {"StartAt":"Get","States":{
              "Get":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{"TableName":"t","Key":{"id":{"S":"1"}}},
                     "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.get","Next":"Publish"}],"End":true},
              "Publish":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Parameters":{"TopicArn":"arn:aws:sns:us-east-1:123456789012:t","Message":"m"},
                     "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.publish","Next":"Done"}],"End":true},
              "Done":{"Type":"Succeed"}}}
            """);
        string[] store = durable ? ["--store", Path.Combine(Dir, "s.db"), "--name", "e"] : [];
        var (exit, output, error) = CliRunner.Run(["run", file, "--dynamodb-endpoint", closed, "--sns-endpoint", closed, .. store]);
        Assert.True(exit == 0, error);
        var result = AslCompiler.Runtime.Json.JsonValue.Parse(output)["output"];
        Assert.Equal("DynamoDB.SdkClientException", result["get"]["Error"].GetString());
        Assert.Equal("SNS.SdkClientException", result["publish"]["Error"].GetString());
    }

    [Fact]
    public void The_aws_endpoint_serves_every_service_without_an_endpoint_of_its_own()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closed = "http://127.0.0.1:" + ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var file = Path.Combine(Dir, "All.asl.json");
        File.WriteAllText(file, """
            {"StartAt":"Fan","States":{"Fan":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"L","States":{"L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload":{}},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"LE"}],"End":true},"LE":{"Type":"Pass","InputPath":"$.Error","End":true}}},
              {"StartAt":"D","States":{"D":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{"TableName":"t","Key":{}},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"DE"}],"End":true},"DE":{"Type":"Pass","InputPath":"$.Error","End":true}}},
              {"StartAt":"Q","States":{"Q":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"q","MessageBody":"m"},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"QE"}],"End":true},"QE":{"Type":"Pass","InputPath":"$.Error","End":true}}},
              {"StartAt":"E","States":{"E":{"Type":"Task","Resource":"arn:aws:states:::events:putEvents","Parameters":{"Entries":[]},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"EE"}],"End":true},"EE":{"Type":"Pass","InputPath":"$.Error","End":true}}},
              {"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Parameters":{"TopicArn":"t","Message":"m"},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"SE"}],"End":true},"SE":{"Type":"Pass","InputPath":"$.Error","End":true}}}]}}}
            """);
        var (exit, output, error) = CliRunner.Run("run", file, "--aws-endpoint", closed);
        Assert.True(exit == 0, error);
        Assert.Equal(
            AslCompiler.Runtime.Json.JsonValue.Parse("""["Lambda.SdkClientException","DynamoDB.SdkClientException","SQS.SdkClientException","EventBridge.SdkClientException","SNS.SdkClientException"]"""),
            AslCompiler.Runtime.Json.JsonValue.Parse(output)["output"]);
    }

    [Fact]
    public void An_endpoint_that_is_not_an_http_URL_is_refused()
    {
        var file = Path.Combine(Dir, "Pass.asl.json");
        File.WriteAllText(file, """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""");
        var (exit, output, error) = CliRunner.Run("run", file, "--sqs-endpoint", "queue");
        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Equal("asl: --sqs-endpoint must be an http:// or https:// URL, not 'queue'." + Environment.NewLine, error);
    }
}

/// <summary><c>asl test-state</c> takes the endpoint options too: an unmocked task calls its service, as on AWS.</summary>
public sealed class TestStateEndpointTests() : StoreDirectory("asl-cli-test-state-endpoint-")
{
    [Fact]
    public void An_unmocked_DynamoDB_task_calls_the_endpoint()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closed = "http://127.0.0.1:" + ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var file = Path.Combine(Dir, "state.json");
        File.WriteAllText(file, """{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{"TableName":"t","Key":{"id":{"S":"1"}}},"End":true}""");
        var (exit, output, error) = CliRunner.Run("test-state", file, "--dynamodb-endpoint", closed, "--role-arn", "arn:aws:iam::123456789012:role/test");
        Assert.True(exit == 1, error);
        var response = AslCompiler.Runtime.Json.JsonValue.Parse(output);
        Assert.Equal(("FAILED", "DynamoDB.SdkClientException"), (response["status"].GetString(), response["error"].GetString()));
    }

    [Fact]
    public void An_endpoint_that_is_not_an_http_URL_is_a_usage_error()
    {
        var file = Path.Combine(Dir, "state.json");
        File.WriteAllText(file, """{"Type":"Pass","End":true}""");
        var (exit, output, error) = CliRunner.Run("test-state", file, "--sns-endpoint", "topic");
        Assert.Equal((2, string.Empty), (exit, output));
        Assert.Equal("asl test-state: --sns-endpoint must be an http:// or https:// URL, not 'topic'." + Environment.NewLine, error);
    }
}
