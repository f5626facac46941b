using System.Reflection;
using System.Text.Json;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// The API's records serialize to their wire shape with System.Text.Json's defaults: members by their
/// <c>[JsonPropertyName]</c> and every enum by its wire spelling, as docs/api.md says (an application that logs or
/// returns a response needs no converter of its own).
/// </summary>
public sealed class DefaultJsonTests
{
    private static readonly JsonSerializerOptions WithoutNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>An instance with one ended execution of a one-Pass state machine.</summary>
    private static async Task<(LocalStepFunctions Sfn, string Arn)> EndedExecutionAsync()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("Plain", """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""");
        var arn = await sfn.StartAsync(machine, input: "{}");
        await sfn.WaitAsync(arn);
        return (sfn, arn);
    }

    [Fact]
    public async Task A_response_serializes_with_wire_names_and_reads_back()
    {
        var (sfn, arn) = await EndedExecutionAsync();
        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });

        var json = JsonSerializer.Serialize(described);

        Assert.Contains("\"status\":\"SUCCEEDED\"", json, StringComparison.Ordinal);
        Assert.Contains("\"redriveStatus\":\"NOT_REDRIVABLE\"", json, StringComparison.Ordinal);
        var read = JsonSerializer.Deserialize<DescribeExecutionResponse>(json)!;
        Assert.Equal(ExecutionStatus.Succeeded, read.Status);
        Assert.Equal(described.RedriveStatus, read.RedriveStatus);
    }

    [Fact]
    public async Task A_history_serialized_without_nulls_has_only_each_events_own_details_as_docs_say()
    {
        var (sfn, arn) = await EndedExecutionAsync();
        var history = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn });

        var withNulls = JsonSerializer.Serialize(history);
        var awsShape = JsonSerializer.Serialize(history, WithoutNulls);

        Assert.Contains("\"mapRunStartedEventDetails\":null", withNulls, StringComparison.Ordinal); // docs/api.md: absent members are nulls
        using var document = JsonDocument.Parse(awsShape);
        foreach (var e in document.RootElement.GetProperty("events").EnumerateArray())
        {
            var details = e.EnumerateObject().Where(p => p.Name.EndsWith("EventDetails", StringComparison.Ordinal)).Select(p => p.Name).ToList();
            Assert.True(details.Count <= 1, string.Join(", ", details));
        }

        Assert.Contains("\"stateEnteredEventDetails\":{", awsShape, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_wire_enum_serializes_each_member_by_its_wire_name()
    {
        var enums = typeof(LocalStepFunctions).Assembly.GetExportedTypes()
            .Where(t => t.IsEnum && t.Namespace == "AslCompiler.Runtime.Api" && t.GetFields().Any(f => f.GetCustomAttribute<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>() is not null))
            .ToList();
        Assert.True(enums.Count >= 17, "found " + enums.Count);
        foreach (var type in enums)
        {
            foreach (var value in Enum.GetValues(type))
            {
                var wire = type.GetField(value.ToString()!)!.GetCustomAttribute<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>()!.Name;
                Assert.Equal("\"" + wire + "\"", JsonSerializer.Serialize(value, type));
                Assert.Equal(value, JsonSerializer.Deserialize("\"" + wire + "\"", type));
            }
        }
    }
}
