using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// A distributed Map's ItemReader as AWS runs it (the localstack corpus's item-reader recordings): the reader's settings
/// are checked before the object is read, and a reader's failure starts the Map and fails its Map Run.
/// </summary>
public sealed class ItemReaderKernelTests
{
    private static readonly string[] FailedMapRun =
        ["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunFailed", "MapStateFailed", "ExecutionFailed"];

    private static string Definition(string readerConfig, string catcher = "") =>
        """{"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"ReaderConfig":CONFIG,"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key.$":"$.key"}},"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},CATCH"End":true},"Caught":{"Type":"Pass","End":true}}}"""
            .Replace("CONFIG", readerConfig, StringComparison.Ordinal).Replace("CATCH", catcher, StringComparison.Ordinal);

    private static async Task<(ExecutionResult Result, int Reads)> RunAsync(string definition, string input, Func<JsonValue>? items)
    {
        var reads = 0;
        var options = items is null ? new ExecutionOptions() : new ExecutionOptions
        {
            ItemReader = (_, _) =>
            {
                Interlocked.Increment(ref reads);
                return ValueTask.FromResult(items());
            },
        };
        var result = await new ExecutionKernel(options).RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse(input), new ExecutionRequest { RecordHistory = true });
        return (result, reads);
    }

    [Theory]
    [InlineData("""{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW","MaxItemsPath":"$.max"}""", """{"key":"k","max":-1}""", "field MaxItems must be positive")]
    [InlineData("""{"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["H1","H1","H3"]}""", """{"key":"k"}""", "CSV headers cannot contain duplicates.")]
    // Not recorded on AWS: a value that is no count used to read every item (found by a user trial).
    [InlineData("""{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW","MaxItemsPath":"$.max"}""", """{"key":"k","max":"abc"}""", "field MaxItems must be an integer, got \"abc\".")]
    [InlineData("""{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW","MaxItemsPath":"$.max"}""", """{"key":"k","max":1.5}""", "field MaxItems must be an integer, got 1.5.")]
    [InlineData("""{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW","MaxItemsPath":"$.max"}""", """{"key":"k","max":true}""", "field MaxItems must be an integer, got true.")]
    public async Task Settings_are_checked_before_the_object_is_read(string readerConfig, string input, string cause)
    {
        var (result, reads) = await RunAsync(Definition(readerConfig), input, () => JsonValue.Parse("[1]"));
        Assert.Equal(0, reads);
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(StatesErrors.ItemReaderFailed, result.Error);
        Assert.Equal(cause, result.Cause);
        Assert.Equal(FailedMapRun, result.History!.Events.Select(e => e.Type));
        var started = result.History.Events.Single(e => e.Type == "MapStateStarted");
        Assert.Equal(0, started.Details["length"].GetDouble());
        var failed = result.History.Events.Single(e => e.Type == "MapRunFailed");
        Assert.Equal(StatesErrors.ItemReaderFailed, failed.Details["error"].GetString());
        Assert.Equal(cause, failed.Details["cause"].GetString());
    }

    [Theory]
    [InlineData(0, 3)] // 0: no limit
    [InlineData(2, 2)]
    [InlineData(100_000_001, 3)] // past the documented maximum: taken, as AWS does
    public async Task MaxItems_limits_the_items_read(int max, int expected)
    {
        var (result, _) = await RunAsync(Definition("""{"InputType":"JSON","MaxItemsPath":"$.max"}"""), """{"key":"k","max":MAX}""".Replace("MAX", max.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), () => JsonValue.Parse("[1,2,3]"));
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(expected, result.Output.GetArray().Count);
    }

    [Theory]
    [InlineData("\"2\"", 2)] // a variable's string, as AWS reads it (recorded)
    [InlineData("\"0\"", 3)]
    public async Task MaxItems_from_a_path_may_be_a_string_that_holds_a_count(string max, int expected)
    {
        var (result, _) = await RunAsync(Definition("""{"InputType":"JSON","MaxItemsPath":"$.max"}"""), """{"key":"k","max":MAX}""".Replace("MAX", max, StringComparison.Ordinal), () => JsonValue.Parse("[1,2,3]"));
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(expected, result.Output.GetArray().Count);
    }

    [Theory]
    [InlineData("\"-1\"")]
    [InlineData("-0.5")]
    public async Task A_negative_MaxItems_string_or_fraction_fails_as_a_negative_number_does(string max)
    {
        var (result, reads) = await RunAsync(Definition("""{"InputType":"JSON","MaxItemsPath":"$.max"}"""), """{"key":"k","max":MAX}""".Replace("MAX", max, StringComparison.Ordinal), () => JsonValue.Parse("[1]"));
        Assert.Equal(0, reads);
        Assert.Equal("field MaxItems must be positive", result.Cause);
    }

    [Theory]
    [InlineData("\"2\"", "\"15000\"", 2)] // as recorded: strings read as counts
    [InlineData("2", "15000", 2)]
    public async Task Batch_limits_from_paths_may_be_strings_that_hold_counts(string items, string bytes, int batches)
    {
        const string definition = """{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemBatcher":{"MaxItemsPerBatchPath":"$.items_per_batch","MaxInputBytesPerBatchPath":"$.bytes"},"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""";
        var input = """{"items":[1,2,3,4],"items_per_batch":ITEMS,"bytes":BYTES}""".Replace("ITEMS", items, StringComparison.Ordinal).Replace("BYTES", bytes, StringComparison.Ordinal);
        var (result, _) = await RunAsync(definition, input, null);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(batches, result.Output.GetArray().Count);
    }

    [Theory]
    [InlineData("\"two\"")]
    [InlineData("\"0\"")]
    [InlineData("1.5")]
    public async Task A_batch_limit_that_is_no_positive_count_fails(string items)
    {
        const string definition = """{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemBatcher":{"MaxItemsPerBatchPath":"$.n"},"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""";
        var (result, _) = await RunAsync(definition, """{"items":[1,2],"n":N}""".Replace("N", items, StringComparison.Ordinal), null);
        Assert.Equal(StatesErrors.Runtime, result.Error);
        Assert.Contains("MaxItemsPerBatch must be a positive integer.", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_that_holds_no_list_fails_the_Map_Run_in_AWS_words()
    {
        var (result, reads) = await RunAsync(Definition("""{"InputType":"JSON"}"""), """{"key":"k"}""", () => JsonValue.Parse("""{"not":"a list"}"""));
        Assert.Equal(1, reads);
        Assert.Equal(StatesErrors.ItemReaderFailed, result.Error);
        Assert.Equal("Attempting to map over non-iterable node.", result.Cause);
        Assert.Equal(FailedMapRun, result.History!.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task A_reader_that_fails_fails_the_Map_Run_and_a_catcher_catches_it()
    {
        var catcher = """ "Catch":[{"ErrorEquals":["States.ItemReaderFailed"],"Next":"Caught"}],""";
        var (result, _) = await RunAsync(Definition("""{"InputType":"JSON"}""", catcher), """{"key":"k"}""", () => throw new TaskFailedException("S3.NoSuchKey", "The specified key does not exist."));
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(JsonValue.Parse("""{"Error":"States.ItemReaderFailed","Cause":"The specified key does not exist."}"""), result.Output);
        Assert.Equal(
            ["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunFailed", "MapStateFailed", "MapStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"],
            result.History!.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task Without_a_reader_the_Map_Run_fails_naming_the_resource()
    {
        var (result, _) = await RunAsync(Definition("""{"InputType":"JSON"}"""), """{"key":"k"}""", null);
        Assert.Equal(StatesErrors.ItemReaderFailed, result.Error);
        Assert.Equal("No item reader is configured for 'arn:aws:states:::s3:getObject'.", result.Cause);
        Assert.Equal(FailedMapRun, result.History!.Events.Select(e => e.Type));
    }
}
