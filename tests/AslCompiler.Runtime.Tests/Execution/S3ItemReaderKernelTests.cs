using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Tests.Shared;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// <see cref="S3ItemReader"/> plugged into the kernel (<c>ExecutionOptions.ItemReader = reader.ReadAsync</c>): AWS's
/// documented CSV example end to end, and the localstack corpus's item-reader executions recorded on AWS, with the
/// objects their tests uploaded.
/// </summary>
public sealed class S3ItemReaderKernelTests
{
    private static Task<ExecutionResult> RunAsync(string definition, string input, IS3ObjectSource objects) =>
        new ExecutionKernel(new ExecutionOptions { ItemReader = new S3ItemReader(objects).ReadAsync })
            .RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse(input), new ExecutionRequest { RecordHistory = true }).AsTask();

    [Fact]
    public async Task The_example_of_How_Step_Functions_parses_input_CSV_files_gives_the_documented_output()
    {
        // The state machine, file and output of the AWS Step Functions Developer Guide's page of that name.
        const string Definition = """
            {
              "StartAt": "Map",
              "States": {
                "Map": {
                  "Type": "Map",
                  "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Pass",
                    "States": {"Pass": {"Type": "Pass", "End": true}}
                  },
                  "End": true,
                  "Label": "Map",
                  "MaxConcurrency": 1000,
                  "ItemReader": {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {
                      "InputType": "CSV",
                      "CSVHeaderLocation": "GIVEN",
                      "CSVHeaders": ["MyLetters", "MyNumbers", "MyString", "MyObject", "MyArray"]
                    },
                    "Parameters": {"Bucket": "amzn-s3-demo-bucket", "Key": "myCSVInput.csv"}
                  },
                  "ItemSelector": {
                    "MyLetters.$": "$$.Map.Item.Value.MyLetters",
                    "MyNumbers.$": "States.StringToJson($$.Map.Item.Value.MyNumbers)",
                    "MyString.$": "$$.Map.Item.Value.MyString",
                    "MyObject.$": "States.StringToJson($$.Map.Item.Value.MyObject)",
                    "MyArray.$": "States.StringToJson($$.Map.Item.Value.MyArray)"
                  }
                }
              }
            }
            """;
        const string Csv = "abc,123,\"This string contains commas, a double quotation marks (\"\"), and a newline (\n)\",{\"\"MyKey\"\":\"\"MyValue\"\"},\"[1,2,3]\"\n";
        var objects = new InMemoryS3ObjectSource().Put("amzn-s3-demo-bucket", "myCSVInput.csv", Csv);

        var result = await RunAsync(Definition, "{}", objects);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(
            JsonValue.Parse("""
                [{"MyNumbers": 123, "MyObject": {"MyKey": "MyValue"},
                  "MyString": "This string contains commas, a double quotation marks (\"), and a newline (\n)",
                  "MyLetters": "abc", "MyArray": [1, 2, 3]}]
                """),
            result.Output);
    }

    [Fact]
    public async Task A_missing_object_fails_the_Map_Run_with_ItemReaderFailed_naming_bucket_and_key()
    {
        const string Definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV"},"Parameters":{"Bucket":"b","Key.$":"$.key"}},
             "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """;
        var result = await RunAsync(Definition, """{"key":"in/missing.csv"}""", new InMemoryS3ObjectSource().CreateBucket("b"));

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(StatesErrors.ItemReaderFailed, result.Error);
        Assert.Equal("NoSuchKey: The specified key does not exist. (Bucket: b, Key: in/missing.csv)", result.Cause);
        Assert.Contains(result.History!.Events, e => e.Type == "MapRunFailed");
    }

    /// <summary>The item-reader scenarios of the corpus whose uploaded object is known.</summary>
    public static TheoryData<string> RecordedCases() =>
        new(RecordedS3Objects.ByCase.Keys.Where(id => id.StartsWith("test_base_scenarios__test_map_item_reader_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(RecordedCases))]
    public async Task A_recorded_execution_reproduces_with_the_object_its_test_uploaded(string id)
    {
        var objectText = RecordedS3Objects.ByCase[id];
        var testCase = JsonValue.Parse(File.ReadAllText(Path.Combine(CorpusLocator.Root, "localstack", "cases", id + ".json")));
        var input = testCase["input"];
        var objects = new InMemoryS3ObjectSource().Put(input["Bucket"].GetString(), input["Key"].GetString(), objectText);

        var result = await RunAsync(testCase["definition"].ToJsonString(), input.ToJsonString(), objects);

        var expected = testCase["expected"];
        Assert.Equal(expected["status"].GetString(), result.StatusName);
        Assert.Equal(expected["error"].TryGetString(out var error) ? error : null, result.Error);
        Assert.Equal(expected["cause"].TryGetString(out var cause) ? cause : null, result.Cause);
        var last = expected["history"].GetArray()[^1];
        if (last["executionSucceededEventDetails"]["output"].TryGetString(out var output))
        {
            // Compared as text: the members of each item in the order AWS rendered them.
            Assert.Equal(output, result.Output.ToJsonString());
        }
    }
}
