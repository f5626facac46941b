using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using AslCompiler.Runtime.Api;
using AslCompiler.Server.Protocol;

namespace AslCompiler.Server.Tests;

public sealed class AwsJsonEndpointTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> Actions()
    {
        var data = new TheoryData<string>();
        foreach (var method in typeof(IStepFunctions).GetMethods())
        {
            data.Add(method.Name[..^"Async".Length]);
        }

        return data;
    }

    [Fact]
    public void The_action_table_covers_IStepFunctions_exactly()
    {
        var methods = typeof(IStepFunctions).GetMethods().Select(m => m.Name[..^"Async".Length]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(37, methods.Count);
        Assert.Equal(methods, StepFunctionsActions.All.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Every_action_is_reachable(string action)
    {
        // An empty request reaches the API: it answers with its own result or its own validation error,
        // never an unknown operation, a serialization error or a crash.
        var response = await _server.SendRawAsync("AWSStepFunctions." + action, "{}");
        Assert.Equal("application/x-amz-json-1.0", response.ContentType);
        Assert.NotNull(response.Body);
        if (response.Status != HttpStatusCode.OK)
        {
            Assert.NotNull(response.ErrorType);
            Assert.DoesNotContain(response.ErrorType, new[] { "UnknownOperationException", "SerializationException", "InternalFailure" });
        }
    }

    [Theory]
    [InlineData("ListStateMachines", "stateMachines")]
    [InlineData("ListActivities", "activities")]
    public async Task Actions_without_required_members_answer_200(string action, string member)
    {
        var body = await _server.CallAsync(action, "{}");
        Assert.Equal(JsonValueKind.Array, body[member]!.GetValueKind());
    }

    [Fact]
    public async Task An_empty_body_is_the_empty_request()
    {
        var response = await _server.SendRawAsync("AWSStepFunctions.ListStateMachines", string.Empty);
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task A_bad_ARN_is_InvalidArn()
    {
        var response = await _server.SendAsync("DescribeStateMachine", new { stateMachineArn = "not-an-arn" });
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("InvalidArn", response.ErrorType);
        Assert.StartsWith("Invalid Arn", response.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidArn", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task A_missing_state_machine_is_StateMachineDoesNotExist()
    {
        const string Arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Missing";
        var response = await _server.SendAsync("StartExecution", new { stateMachineArn = Arn });
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("StateMachineDoesNotExist", response.ErrorType);
        Assert.Contains(Arn, response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_execution_name_with_other_input_is_ExecutionAlreadyExists()
    {
        var machine = await _server.CreateStateMachineAsync("Duplicates");
        await _server.CallAsync("StartExecution", new { stateMachineArn = machine, name = "run-1", input = """{"a":1}""" });
        var again = await _server.SendAsync("StartExecution", new { stateMachineArn = machine, name = "run-1", input = """{"a":2}""" });
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("ExecutionAlreadyExists", again.ErrorType);
    }

    [Theory]
    [InlineData("AWSStepFunctions.NoSuchAction")]
    [InlineData("AmazonSQS.SendMessage")]
    [InlineData("AWSStepFunctions.")]
    [InlineData(null)]
    public async Task An_unknown_target_is_UnknownOperationException(string? target)
    {
        var response = await _server.SendRawAsync(target, "{}");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("UnknownOperationException", response.ErrorType);
    }

    [Theory]
    [InlineData("{\"stateMachineArn\":")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"stateMachineArn\": 42}")]
    [InlineData("{\"stateMachineArn\": \"arn\", \"maxResults\": \"ten\"}")]
    public async Task A_malformed_body_is_SerializationException(string body)
    {
        var response = await _server.SendRawAsync("AWSStepFunctions.ListExecutions", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.ErrorType);
        Assert.False(string.IsNullOrEmpty(response.Message));
    }

    [Fact]
    public async Task Deep_nesting_is_refused_not_a_crash()
    {
        var body = "{\"tags\":" + new string('[', 5000) + new string(']', 5000) + "}";
        var response = await _server.SendRawAsync("AWSStepFunctions.TagResource", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.ErrorType);
    }

    [Fact]
    public async Task A_missing_required_member_is_ValidationException_worded_as_AWS()
    {
        var response = await _server.SendAsync("StartExecution", new { input = "{}" });
        Assert.Equal("ValidationException", response.ErrorType);
        Assert.Equal("1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null", response.Message);
    }

    [Fact]
    public async Task An_enum_value_outside_its_set_is_ValidationException()
    {
        var machine = await _server.CreateStateMachineAsync("Enums");
        var response = await _server.SendAsync("ListExecutions", new { stateMachineArn = machine, statusFilter = "succeeded" });
        Assert.Equal("ValidationException", response.ErrorType);
        Assert.StartsWith("1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [", response.Message, StringComparison.Ordinal);
        Assert.Contains("SUCCEEDED", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_member_of_a_value_type_is_ValidationException_not_its_default()
    {
        // An enum or number has no null for the API to see: a missing one read as its default (AWS_OWNED_KEY, weight 0).
        var activity = await _server.SendAsync("CreateActivity", new { name = "NoType", encryptionConfiguration = new { } });
        Assert.Equal("ValidationException", activity.ErrorType);
        Assert.Equal("1 validation error detected: Value null at 'encryptionConfiguration.type' failed to satisfy constraint: Member must not be null", activity.Message);

        var machine = await _server.CreateStateMachineAsync("Weights");
        var alias = await _server.SendAsync("CreateStateMachineAlias", new { name = "live", routingConfiguration = new[] { new { stateMachineVersionArn = machine + ":1" } } });
        Assert.Equal("ValidationException", alias.ErrorType);
        Assert.Equal("1 validation error detected: Value null at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must not be null", alias.Message);

        var typed = await _server.SendAsync("CreateActivity", new { name = "Typed", encryptionConfiguration = new { type = "AWS_OWNED_KEY" } });
        Assert.Equal(System.Net.HttpStatusCode.OK, typed.Status);
    }

    [Fact]
    public async Task An_oversize_body_is_refused_with_413()
    {
        await using var small = await ServerHarness.StartAsync(new StepFunctionsServerOptions { Port = 0, MaxRequestBodyBytes = 1024 });
        var response = await small.SendAsync("ValidateStateMachineDefinition", new { definition = new string(' ', 4096) + ServerHarness.PassDefinition });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("RequestEntityTooLargeException", response.ErrorType);
        var fine = await small.SendAsync("ValidateStateMachineDefinition", new { definition = ServerHarness.PassDefinition });
        Assert.Equal(HttpStatusCode.OK, fine.Status);
    }

    [Fact]
    public async Task An_oversize_chunked_body_is_refused_with_413()
    {
        await using var small = await ServerHarness.StartAsync(new StepFunctionsServerOptions { Port = 0, MaxRequestBodyBytes = 1024 });
        var body = System.Text.Encoding.UTF8.GetBytes("{\"definition\":\"" + new string('x', 3000) + "\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StreamContent(new UnknownLengthStream(body)) };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions.ValidateStateMachineDefinition");
        using var response = await small.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("RequestEntityTooLargeException", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["__type"]!.GetValue<string>());
    }

    /// <summary>A stream that hides its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task Timestamps_are_epoch_seconds_with_milliseconds()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var created = await _server.CallAsync("CreateStateMachine", new { name = "Stamps", definition = ServerHarness.PassDefinition, roleArn = ServerHarness.RoleArn });
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var creationDate = created["creationDate"]!;
        Assert.Equal(JsonValueKind.Number, creationDate.GetValueKind());
        Assert.InRange(creationDate.GetValue<double>(), before - 0.001, after + 0.001);

        var started = await _server.CallAsync("StartExecution", new { stateMachineArn = created["stateMachineArn"]!.GetValue<string>() });
        var described = await _server.WaitForExecutionAsync(started["executionArn"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.Number, described["startDate"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, described["stopDate"]!.GetValueKind());
        Assert.True(described["stopDate"]!.GetValue<double>() >= described["startDate"]!.GetValue<double>());
    }

    [Fact]
    public async Task Null_members_are_left_out()
    {
        var created = await _server.CallAsync("CreateStateMachine", new { name = "NoNulls", definition = ServerHarness.PassDefinition, roleArn = ServerHarness.RoleArn });
        Assert.False(created.ContainsKey("stateMachineVersionArn"));
    }

    [Fact]
    public async Task Health_answers_ok()
    {
        var response = await _server.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Signature_headers_are_accepted_unchecked()
    {
        var response = await _server.SendRawAsync("AWSStepFunctions.ListActivities", "{}", request =>
        {
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/states/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000");
            request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", "dummy");
        });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
    }

    [Fact]
    public async Task List_pagination_tokens_round_trip()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await _server.CreateStateMachineAsync("Paged" + i));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _server.CallAsync("ListStateMachines", token is null ? new { maxResults = 2 } : new { maxResults = 2, nextToken = token });
            seen.AddRange(page["stateMachines"]!.AsArray().Select(m => m!["stateMachineArn"]!.GetValue<string>()));
            token = page["nextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(created.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task History_pagination_tokens_round_trip()
    {
        const string Definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","End":true}}}""";
        var machine = await _server.CreateStateMachineAsync("History", Definition);
        var started = await _server.CallAsync("StartExecution", new { stateMachineArn = machine });
        var executionArn = started["executionArn"]!.GetValue<string>();
        await _server.WaitForExecutionAsync(executionArn);

        var all = await _server.CallAsync("GetExecutionHistory", new { executionArn });
        var expected = all["events"]!.AsArray().Select(e => e!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(8, expected.Count);

        var ids = new List<long>();
        string? token = null;
        do
        {
            var page = await _server.CallAsync("GetExecutionHistory", token is null ? new { executionArn, maxResults = 3 } : new { executionArn, maxResults = 3, nextToken = token });
            var events = page["events"]!.AsArray();
            Assert.InRange(events.Count, 1, 3);
            ids.AddRange(events.Select(e => e!["id"]!.GetValue<long>()));
            Assert.All(events, e => Assert.Equal(JsonValueKind.Number, e!["timestamp"]!.GetValueKind()));
            token = page["nextToken"]?.GetValue<string>();
        }
        while (token is not null && ids.Count < 100);

        Assert.Equal(expected, ids);
        var bad = await _server.SendAsync("GetExecutionHistory", new { executionArn, nextToken = "garbage-token" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.NotNull(bad.ErrorType);
    }

    [Fact]
    public async Task Get_is_not_the_API()
    {
        var response = await _server.Client.GetAsync("/");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
