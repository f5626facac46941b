using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.JsonPath;

/// <summary>The context object's documented members that depend on how the execution runs: Map.Item.Source and Execution.Redrive*.</summary>
public class ContextObjectTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Task<ExecutionResult> Run(string definition, string input, ExecutionOptions? options = null, ExecutionRequest? request = null)
    {
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(options is null
            ? new ExecutionOptions { TimeProvider = clock }
            : new ExecutionOptions { TimeProvider = clock, ItemReader = options.ItemReader });
        return VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse(input), request).AsTask(), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Map_items_from_the_state_input_have_Source_STATE_DATA_and_no_Key()
    {
        var result = await Run("""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs",
              "ItemSelector":{"item.$":"$$.Map.Item"},
              "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """, """{"xs":[{"who":"bob"},"meg"]}""");
        Assert.Equal(
            JsonValue.Parse("""[{"item":{"Index":0,"Value":{"who":"bob"},"Source":"STATE_DATA"}},{"item":{"Index":1,"Value":"meg","Source":"STATE_DATA"}}]"""),
            result.Output);
    }

    [Theory]
    [InlineData("arn:aws:states:::s3:getObject", """{"InputType":"JSON"}""", "\"S3://bucket-name/data/items.json\"")]
    [InlineData("arn:aws:states:::s3:listObjectsV2", "{}", "\"S3://bucket-name\"")]
    [InlineData("arn:aws:states:::s3:listObjectsV2", """{"Transformation":"NONE"}""", "\"S3://bucket-name\"")]
    [InlineData("arn:aws:states:::s3:listObjectsV2", """{"Transformation":"LOAD_AND_FLATTEN","InputType":"JSON"}""", "null")]
    [InlineData("arn:aws:states:::s3:getObject", """{"InputType":"CSV","ManifestType":"ATHENA_DATA"}""", "null")]
    public async Task Map_items_from_an_ItemReader_have_the_documented_S3_Source(string resource, string readerConfig, string expected)
    {
        var options = new ExecutionOptions { ItemReader = (_, _) => ValueTask.FromResult(JsonValue.Parse("""[{"n":1}]""")) };
        var result = await Run("""
            {"StartAt":"M","States":{"M":{"Type":"Map",
              "ItemReader":{"Resource":"
            """ + resource + """
            ","ReaderConfig":
            """ + readerConfig + """
            ,"Parameters":{"Bucket":"bucket-name","Key":"data/items.json","Prefix":"data/"}},
              "ItemSelector":{"item.$":"$$.Map.Item"},
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """, "{}", options);
        Assert.True(result.Error is null, result.Error + ": " + result.Cause);
        var item = result.Output[0]["item"];
        Assert.Equal("0", item["Index"].ToJsonString());
        Assert.Equal(expected, item["Source"].IsUndefined ? "null" : item["Source"].ToJsonString());
    }

    [Fact]
    public async Task RedriveCount_is_0_and_RedriveTime_absent_until_the_execution_is_redriven()
    {
        const string Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"execution.$":"$$.Execution"},"End":true}}}""";
        var first = (await Run(Definition, "{}")).Output["execution"];
        Assert.Equal("0", first["RedriveCount"].ToJsonString());
        Assert.True(first["RedriveTime"].IsUndefined);

        var redriven = (await Run(Definition, "{}", request: new ExecutionRequest { RedriveCount = 2, RedriveDate = Start.AddMinutes(5) })).Output["execution"];
        Assert.Equal("2", redriven["RedriveCount"].ToJsonString());
        Assert.Equal("2024-01-01T00:05:00.000Z", redriven["RedriveTime"].GetString());
    }
}
