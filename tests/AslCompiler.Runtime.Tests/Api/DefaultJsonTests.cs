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
    [Fact]
    public async Task A_response_serializes_with_wire_names_and_reads_back()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("Plain", """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""");
        var arn = await sfn.StartAsync(machine, input: "{}");
        await sfn.WaitAsync(arn);
        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });

        var json = JsonSerializer.Serialize(described);

        Assert.Contains("\"status\":\"SUCCEEDED\"", json, StringComparison.Ordinal);
        Assert.Contains("\"redriveStatus\":\"NOT_REDRIVABLE\"", json, StringComparison.Ordinal);
        var read = JsonSerializer.Deserialize<DescribeExecutionResponse>(json)!;
        Assert.Equal(ExecutionStatus.Succeeded, read.Status);
        Assert.Equal(described.RedriveStatus, read.RedriveStatus);
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
