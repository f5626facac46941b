using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AslCompiler.Server.Tests;

/// <summary>
/// One server shared by the rows of a wire test class, with a resource of each kind (a Standard and an Express state
/// machine, a version, an alias, an activity, a finished execution, a distributed Map run) and, for each of the 37
/// actions, a base request every member constraint accepts. The base requests touch no shared resource destructively:
/// the Delete* ones name resources that do not exist and GetActivityTask polls a missing activity, so none waits.
/// </summary>
public sealed class WireFixture : IAsyncLifetime
{
    public const string Account = "arn:aws:states:us-east-1:123456789012:";
    public const string PassState = """{"Type":"Pass","End":true}""";
    private const string MapDefinition = """
        {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items",
         "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
        """;

    public ServerHarness Server { get; private set; } = null!;

    public string StateMachineArn { get; private set; } = null!;

    public string ExpressArn { get; private set; } = null!;

    public string VersionArn { get; private set; } = null!;

    public string AliasArn { get; private set; } = null!;

    public string ActivityArn { get; private set; } = null!;

    public string ExecutionArn { get; private set; } = null!;

    public string MapExecutionArn { get; private set; } = null!;

    public string MapRunArn { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerHarness.StartAsync();
        StateMachineArn = await Server.CreateStateMachineAsync("Base");
        ExpressArn = await Server.CreateStateMachineAsync("BaseExpress", type: "EXPRESS");
        VersionArn = (await Server.CallAsync("PublishStateMachineVersion", new { stateMachineArn = StateMachineArn }))["stateMachineVersionArn"]!.GetValue<string>();
        AliasArn = (await Server.CallAsync("CreateStateMachineAlias", new { name = "live", routingConfiguration = new[] { new { stateMachineVersionArn = VersionArn, weight = 100 } } }))["stateMachineAliasArn"]!.GetValue<string>();
        ActivityArn = (await Server.CallAsync("CreateActivity", new { name = "BaseActivity" }))["activityArn"]!.GetValue<string>();
        ExecutionArn = (await Server.CallAsync("StartExecution", new { stateMachineArn = StateMachineArn, name = "base-run" }))["executionArn"]!.GetValue<string>();
        await Server.WaitForExecutionAsync(ExecutionArn);
        var map = await Server.CreateStateMachineAsync("BaseMap", MapDefinition);
        MapExecutionArn = (await Server.CallAsync("StartExecution", new { stateMachineArn = map, input = """{"items":[1,2]}""" }))["executionArn"]!.GetValue<string>();
        await Server.WaitForExecutionAsync(MapExecutionArn);
        MapRunArn = (await Server.CallAsync("ListMapRuns", new { executionArn = MapExecutionArn }))["mapRuns"]!.AsArray().Single()!["mapRunArn"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A request of <paramref name="action"/> that satisfies every member constraint (its answer may still be an error such as TaskDoesNotExist).</summary>
    public JsonObject BaseRequest(string action)
    {
        var missing = Account + "stateMachine:Missing";
        object body = action switch
        {
            "CreateActivity" => new { name = "Other" },
            "CreateStateMachine" => new { name = "Other", definition = ServerHarness.PassDefinition, roleArn = ServerHarness.RoleArn },
            "CreateStateMachineAlias" => new { name = "other", routingConfiguration = new[] { new { stateMachineVersionArn = VersionArn, weight = 100 } } },
            "DeleteActivity" => new { activityArn = Account + "activity:Missing" },
            "DeleteStateMachine" => new { stateMachineArn = missing },
            "DeleteStateMachineAlias" => new { stateMachineAliasArn = missing + ":gone" },
            "DeleteStateMachineVersion" => new { stateMachineVersionArn = missing + ":9" },
            "DescribeActivity" => new { activityArn = ActivityArn },
            "DescribeExecution" => new { executionArn = ExecutionArn },
            "DescribeMapRun" => new { mapRunArn = MapRunArn },
            "DescribeStateMachine" => new { stateMachineArn = StateMachineArn },
            "DescribeStateMachineAlias" => new { stateMachineAliasArn = AliasArn },
            "DescribeStateMachineForExecution" => new { executionArn = ExecutionArn },
            "GetActivityTask" => new { activityArn = Account + "activity:Missing" },
            "GetExecutionHistory" => new { executionArn = ExecutionArn },
            "ListActivities" => new { },
            "ListExecutions" => new { stateMachineArn = StateMachineArn },
            "ListMapRuns" => new { executionArn = MapExecutionArn },
            "ListStateMachineAliases" => new { stateMachineArn = StateMachineArn },
            "ListStateMachines" => new { },
            "ListStateMachineVersions" => new { stateMachineArn = StateMachineArn },
            "ListTagsForResource" => new { resourceArn = StateMachineArn },
            "PublishStateMachineVersion" => new { stateMachineArn = StateMachineArn },
            "RedriveExecution" => new { executionArn = ExecutionArn },
            "SendTaskFailure" => new { taskToken = "no-such-token" },
            "SendTaskHeartbeat" => new { taskToken = "no-such-token" },
            "SendTaskSuccess" => new { taskToken = "no-such-token", output = "{}" },
            "StartExecution" => new { stateMachineArn = StateMachineArn },
            "StartSyncExecution" => new { stateMachineArn = ExpressArn },
            "StopExecution" => new { executionArn = ExecutionArn },
            "TagResource" => new { resourceArn = StateMachineArn, tags = new[] { new { key = "k", value = "v" } } },
            "TestState" => new { definition = PassState },
            "UntagResource" => new { resourceArn = StateMachineArn, tagKeys = new[] { "k" } },
            "UpdateMapRun" => new { mapRunArn = MapRunArn },
            "UpdateStateMachine" => new { stateMachineArn = StateMachineArn, roleArn = ServerHarness.RoleArn },
            "UpdateStateMachineAlias" => new { stateMachineAliasArn = AliasArn, description = "d" },
            "ValidateStateMachineDefinition" => new { definition = ServerHarness.PassDefinition },
            _ => throw new ArgumentException("No base request for " + action, nameof(action)),
        };
        return JsonSerializer.SerializeToNode(body)!.AsObject();
    }

    /// <summary>The error types an action may answer: its own (from the reference), the common ones, and the protocol's.</summary>
    public static IReadOnlyDictionary<string, int> AllowedErrors(string action)
    {
        var allowed = new Dictionary<string, int>(ApiReference.Instance.CommonErrors, StringComparer.Ordinal)
        {
            ["SerializationException"] = 400,
            ["ValidationException"] = 400, // every action's member constraints answer it, documented or not
            ["UnknownOperationException"] = 400,
            ["UnsupportedMediaTypeException"] = 415,
            ["RequestEntityTooLargeException"] = 413,
        };
        foreach (var (name, status) in ApiReference.Instance.Actions[action].Errors)
        {
            allowed[name] = status;
        }

        return allowed;
    }

    /// <summary>An error answer of <paramref name="action"/> is shaped as AWS JSON 1.0 shapes it and is one the action may answer.</summary>
    public static void AssertWireError(string action, WireResponse response)
    {
        var label = action + " answered " + (int)response.Status + " " + response.Body?.ToJsonString();
        Assert.True(response.Status != HttpStatusCode.OK, label);
        Assert.True((int)response.Status < 500, label);
        Assert.Equal("application/x-amz-json-1.0", response.ContentType);
        Assert.True(response.Headers.Contains("x-amzn-RequestId"), label);
        var type = response.ErrorType;
        Assert.False(string.IsNullOrEmpty(type), label);
        Assert.Equal(type, response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.False(string.IsNullOrEmpty(response.Message), label);
        Assert.DoesNotContain("   at ", response.Message, StringComparison.Ordinal); // no stack trace
        Assert.DoesNotContain("System.", response.Message, StringComparison.Ordinal); // no .NET type names
        var allowed = AllowedErrors(action);
        Assert.True(allowed.TryGetValue(type!, out var status), label + ": not an error " + action + " documents");
        Assert.Equal(status, (int)response.Status);
    }
}
