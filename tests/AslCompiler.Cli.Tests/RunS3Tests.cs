using AslCompiler.Cli.Commands;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Cli.Tests;

/// <summary>
/// <c>--s3 DIR</c> of <c>asl run</c> and <c>asl serve</c>: a folder standing in for S3, from which a distributed Map's
/// ItemReader reads <c>DIR/bucket/key</c> and to which its ResultWriter writes.
/// </summary>
public sealed class RunS3Tests
{
    private const string CsvMachine = """
        {"StartAt":"M","States":{"M":{"Type":"Map",
          "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},"Parameters":{"Bucket":"data","Key.$":"$.key"}},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
          "End":true}}}
        """;

    private const string WritingMachine = """
        {"StartAt":"M","States":{"M":{"Type":"Map",
          "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"data","Key":"items.json"}},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"twice.$":"States.MathAdd($.n, $.n)"},"End":true}}},
          "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"results","Prefix":"runs"}},
          "End":true}}}
        """;

    /// <summary>A fresh folder in the test run's temporary folder, with the given files (paths relative to it).</summary>
    private static string S3Folder(params (string Path, string Text)[] files)
    {
        var dir = Path.Combine(CliRunner.TempFolder, "s3-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        return dir;
    }

    [Fact]
    public void A_failed_Map_Run_names_its_first_failed_child_and_its_error_on_standard_error()
    {
        // The execution's error is the Map Run's (ExceedToleratedFailureThreshold); what the children failed with is in
        // child executions asl run does not print, so a note gives the first one's error and cause (a user trial had
        // to run the ItemProcessor on its own to find it).
        const string Failing = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","Label":"Lines",
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"C","States":{
                "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":2,"Next":"F"}],"Default":"P"},
                "P":{"Type":"Pass","End":true},
                "F":{"Type":"Fail","Error":"Boom","Cause":"item 2 is bad"}}},
              "End":true}}}
            """;
        var (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(Failing), "--input", """{"items":[1,2,3]}""");
        Assert.Equal(1, exit);
        Assert.Equal("States.ExceedToleratedFailureThreshold", JsonValue.Parse(output)["error"].GetString());
        Assert.Matches(@"^asl: note: the Map Run of 'Lines' failed: 1 of 3 child executions failed; the first, '[0-9a-f-]{36}', failed with Boom: item 2 is bad\.$", error.TrimEnd());

        // A run whose children succeed says nothing.
        var (passed, _, quiet) = CliRunner.Run("run", CliRunner.TempFile(Failing), "--input", """{"items":[1,3]}""");
        Assert.Equal(0, passed);
        Assert.Equal(string.Empty, quiet);
    }

    [Fact]
    public void A_distributed_Map_reads_its_CSV_items_from_the_bucket_folder()
    {
        var s3 = S3Folder(("data/in/people.csv", "name,age\r\n\"Doe, Jane\",41\r\nBob\r\n"));
        var (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(CsvMachine), "--input", """{"key":"in/people.csv"}""", "--s3", s3);
        Assert.True(exit == 0, error + output);
        var result = JsonValue.Parse(output);
        Assert.Equal("SUCCEEDED", result["status"].GetString());
        Assert.Equal(JsonValue.Parse("""[{"name":"Doe, Jane","age":"41"},{"name":"Bob","age":""}]"""), result["output"]);
    }

    [Fact]
    public void A_distributed_Map_lists_a_bucket_folder_with_listObjectsV2()
    {
        const string Listing = """
            {"StartAt":"M","States":{"M":{"Type":"Map",
              "ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"data","Prefix":"logs/"}},
              "ItemSelector":{"key.$":"$$.Map.Item.Value.Key","size.$":"$$.Map.Item.Value.Size"},
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
              "End":true}}}
            """;
        var s3 = S3Folder(("data/logs/b.log", "bb"), ("data/logs/a.log", "a"), ("data/other.txt", "x"));
        var (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(Listing), "--s3", s3);
        Assert.True(exit == 0, error + output);
        Assert.Equal(JsonValue.Parse("""[{"key":"logs/a.log","size":1},{"key":"logs/b.log","size":2}]"""), JsonValue.Parse(output)["output"]);
    }

    [Fact]
    public void A_ResultWriter_writes_its_manifest_and_results_files_under_the_bucket_folder()
    {
        var s3 = S3Folder(("data/items.json", """[{"n":1},{"n":2}]"""));
        Directory.CreateDirectory(Path.Combine(s3, "results"));
        var (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(WritingMachine), "--s3", s3);
        Assert.True(exit == 0, error + output);

        var details = JsonValue.Parse(output)["output"]["ResultWriterDetails"];
        Assert.Equal("results", details["Bucket"].GetString());
        var manifestKey = details["Key"].GetString();
        Assert.StartsWith("runs/", manifestKey, StringComparison.Ordinal);
        Assert.EndsWith("/manifest.json", manifestKey, StringComparison.Ordinal);
        var manifest = JsonValue.Parse(File.ReadAllText(Path.Combine(s3, "results", manifestKey)));
        Assert.Equal("results", manifest["DestinationBucket"].GetString());

        var succeeded = manifest["ResultFiles"]["SUCCEEDED"].GetArray().Single();
        var resultsFile = Path.Combine(s3, "results", succeeded["Key"].GetString());
        Assert.Equal(succeeded["Size"].GetDouble(), new FileInfo(resultsFile).Length);
        var outputs = JsonValue.Parse(File.ReadAllText(resultsFile)).GetArray().Select(e => JsonValue.Parse(e["Output"].GetString()));
        Assert.Equal([JsonValue.Parse("""{"twice":2}"""), JsonValue.Parse("""{"twice":4}""")], outputs.OrderBy(o => o["twice"].GetDouble()));
    }

    [Fact]
    public void A_ResultWriter_whose_bucket_folder_is_missing_fails_the_Map_as_a_missing_bucket_would()
    {
        var s3 = S3Folder(("data/items.json", """[{"n":1}]"""));
        var (exit, output, _) = CliRunner.Run("run", CliRunner.TempFile(WritingMachine), "--s3", s3);
        Assert.Equal(1, exit);
        var result = JsonValue.Parse(output);
        Assert.Equal("States.ResultWriterFailed", result["error"].GetString());
        Assert.Contains("results", result["cause"].GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(s3, "results")));
    }

    [Fact]
    public void A_missing_object_fails_the_run_with_ItemReaderFailed_naming_bucket_and_key()
    {
        var s3 = S3Folder(("data/other.csv", "a\n1\n"));
        var (exit, output, _) = CliRunner.Run("run", CliRunner.TempFile(CsvMachine), "--input", """{"key":"in/missing.csv"}""", "--s3", s3);
        Assert.Equal(1, exit);
        var result = JsonValue.Parse(output);
        Assert.Equal("FAILED", result["status"].GetString());
        Assert.Equal("States.ItemReaderFailed", result["error"].GetString());
        Assert.Equal("NoSuchKey: The specified key does not exist. (Bucket: data, Key: in/missing.csv)", result["cause"].GetString());
    }

    [Fact]
    public void A_key_that_leads_out_of_the_folder_is_refused_and_nothing_outside_is_read()
    {
        var s3 = S3Folder(("secret.csv", "password\nhunter2\n"), ("data/in.csv", "a\n1\n"));
        var (exit, output, _) = CliRunner.Run("run", CliRunner.TempFile(CsvMachine), "--input", """{"key":"../secret.csv"}""", "--s3", s3);
        Assert.Equal(1, exit);
        var result = JsonValue.Parse(output);
        Assert.Equal("States.ItemReaderFailed", result["error"].GetString());
        Assert.Contains("'../secret.csv'", result["cause"].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_s3_a_Map_with_an_ItemReader_fails_as_before_and_a_note_names_the_option()
    {
        var (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(CsvMachine), "--input", """{"key":"k.csv"}""");
        Assert.Equal(1, exit);
        Assert.Equal("asl: note: an ItemReader reads its objects from a folder standing in for S3: pass --s3 FOLDER.", error.TrimEnd());
        Assert.Equal(
            JsonValue.Parse("""{"status":"FAILED","output":null,"error":"States.ItemReaderFailed","cause":"No item reader is configured for 'arn:aws:states:::s3:getObject'."}"""),
            JsonValue.Parse(output));
    }

    [Fact]
    public void A_missing_s3_folder_is_refused_with_the_exit_code_of_a_missing_mock_file()
    {
        var file = CliRunner.TempFile(CsvMachine);
        var missing = Path.Combine(CliRunner.TempFolder, "no-such-folder-" + Guid.NewGuid().ToString("N"));
        var mock = CliRunner.Run("run", file, "--mock", missing + ".json", "--test-case", "T");
        var (exit, output, error) = CliRunner.Run("run", file, "--s3", missing);
        Assert.Equal(mock.ExitCode, exit);
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("asl: --s3: there is no folder '" + missing + "'." + Environment.NewLine, error);
    }

    [Fact]
    public void An_s3_path_that_is_a_file_is_refused()
    {
        var notAFolder = CliRunner.TempFile("{}");
        var (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(CsvMachine), "--s3", notAFolder);
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("asl: --s3: '" + notAFolder + "' is a file; give a folder that holds one folder per bucket." + Environment.NewLine, error);
    }

    [Fact]
    public void A_durable_run_reads_from_the_s3_folder_too()
    {
        var s3 = S3Folder(("data/k.csv", "a\n1\n2\n"));
        var store = CliRunner.TempPath(".db");
        var (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(CsvMachine), "--input", """{"key":"k.csv"}""", "--s3", s3, "--store", store, "--name", "s3run");
        Assert.True(exit == 0, error + output);
        Assert.Equal(JsonValue.Parse("""[{"a":"1"},{"a":"2"}]"""), JsonValue.Parse(output)["output"]);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("serve")]
    public void Help_describes_the_s3_option(string command)
    {
        var (exit, output, _) = CliRunner.Run(command, "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--s3 <DIR>", output, StringComparison.Ordinal);
        Assert.Contains("DIR/<bucket>/<key>", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_refuses_a_missing_s3_folder_before_it_listens()
    {
        var missing = Path.Combine(CliRunner.TempFolder, "no-such-folder-" + Guid.NewGuid().ToString("N"));
        var (exit, output, error) = CliRunner.Run("serve", "--port", "0", "--s3", missing);
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("asl: --s3: there is no folder '" + missing + "'." + Environment.NewLine, error);
    }

    [Fact]
    public void Serve_gives_its_executions_the_s3_folder()
    {
        var s3 = S3Folder(("data/k.csv", "a\n1\n"));
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        string? result = null;
        var exit = ServeCommand.Execute(
            new ServeCommand.ServeArguments(0, "127.0.0.1", null, null, null, null, null, 1, "None", "simple", s3),
            output,
            error,
            new ServeCommand.ServeHooks(Serving: (api, _, _) =>
            {
                try
                {
                    var machine = api.CreateStateMachineAsync(new AslCompiler.Runtime.Api.CreateStateMachineRequest
                    {
                        Name = "reader",
                        Definition = CsvMachine,
                        RoleArn = "arn:aws:iam::123456789012:role/R",
                        Type = AslCompiler.Runtime.Api.StateMachineType.Express,
                    }).GetAwaiter().GetResult().StateMachineArn;
                    result = api.StartSyncExecutionAsync(new AslCompiler.Runtime.Api.StartSyncExecutionRequest { StateMachineArn = machine, Input = """{"key":"k.csv"}""" })
                        .GetAwaiter().GetResult().Output;
                }
                finally
                {
                    stop.Cancel();
                }
            }),
            stop.Token);
        Assert.True(exit == 0, error.ToString());
        Assert.Equal(JsonValue.Parse("""[{"a":"1"}]"""), JsonValue.Parse(result!));
    }
}
