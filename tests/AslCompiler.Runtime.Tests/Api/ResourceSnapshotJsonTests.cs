using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using Xunit.Abstractions;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>The control-plane snapshot's source-generated JSON is the JSON the reflection serializer wrote before.</summary>
public sealed class ResourceSnapshotJsonTests(ITestOutputHelper output)
{
    // What PersistentResourceStore used before the snapshot's JSON was source-generated.
    private static readonly JsonSerializerOptions ReflectionJson = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    [Fact]
    public async Task The_snapshot_reads_and_writes_the_same_json_as_the_reflection_serializer()
    {
        var store = new InMemoryStepFunctionsStore();
        var sfn = new LocalStepFunctions(new StepFunctionsOptions { Store = store });
        var started = Stopwatch.StartNew();
        await sfn.RecoverAsync();
        var machine = (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "M",
            Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""",
            RoleArn = "arn:aws:iam::123456789012:role/r",
            Type = StateMachineType.Express,
            LoggingConfiguration = new LoggingConfiguration
            {
                Level = LogLevel.Error,
                IncludeExecutionData = true,
                Destinations = [new LogDestination { CloudWatchLogsLogGroup = new CloudWatchLogsLogGroup { LogGroupArn = "arn:aws:logs:us-east-1:123456789012:log-group:g:*" } }],
            },
            TracingConfiguration = new TracingConfiguration { Enabled = true },
            Tags = [new Tag { Key = "k", Value = "v" }],
            Publish = true,
            VersionDescription = "first",
        })).StateMachineArn;
        output.WriteLine("first snapshot (create, publish) in " + started.ElapsedMilliseconds + " ms");
        var version = (await sfn.ListStateMachineVersionsAsync(new ListStateMachineVersionsRequest { StateMachineArn = machine })).StateMachineVersions[0].StateMachineVersionArn;
        await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
        {
            Name = "live",
            RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = version, Weight = 100 }],
        });
        await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "work", Tags = [new Tag { Key = "a", Value = "b" }] });

        var json = (await store.LoadResourcesAsync(default))!;
        var state = PersistentResourceStore.Deserialize(json);
        var reflection = Stopwatch.StartNew();
        var reflected = JsonSerializer.Serialize(state, ReflectionJson);
        output.WriteLine("first reflection-based serialization of the snapshot (the warm-up the generated code avoids): " + reflection.Elapsed.TotalMilliseconds + " ms");
        var generated = Stopwatch.StartNew();
        PersistentResourceStore.Serialize(state);
        output.WriteLine("a generated serialization: " + generated.Elapsed.TotalMilliseconds + " ms");
        Assert.Equal(json, reflected);
        Assert.Equal(json, PersistentResourceStore.Serialize(JsonSerializer.Deserialize<ResourceState>(json, ReflectionJson)!));
        Assert.Contains("\"Type\":\"EXPRESS\"", json, StringComparison.Ordinal);

        // A restart over the same store sees everything.
        var again = new LocalStepFunctions(new StepFunctionsOptions { Store = store });
        await again.RecoverAsync();
        var described = await again.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = machine });
        Assert.Equal(LogLevel.Error, described.LoggingConfiguration!.Level);
        Assert.Single((await again.ListStateMachineAliasesAsync(new ListStateMachineAliasesRequest { StateMachineArn = machine })).StateMachineAliases);
        Assert.Single((await again.ListActivitiesAsync(new ListActivitiesRequest())).Activities);
    }
}
