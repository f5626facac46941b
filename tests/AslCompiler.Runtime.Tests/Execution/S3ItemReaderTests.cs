using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// <see cref="S3ItemReader"/>: S3 objects parsed into a distributed Map's items as Step Functions documents it
/// (ItemReader; "How Step Functions parses input CSV files").
/// </summary>
public sealed class S3ItemReaderTests
{
    private const string GetObject = "arn:aws:states:::s3:getObject";
    private const string ListObjects = "arn:aws:states:::s3:listObjectsV2";
    private const string Object = """{"Bucket":"b","Key":"k"}""";

    private static ValueTask<JsonValue> ReadAsync(IS3ObjectSource objects, string resource, string parameters, string readerConfig) =>
        new S3ItemReader(objects).ReadAsync(new ItemReaderRequest(resource, JsonValue.Parse(parameters), JsonValue.Parse(readerConfig)), CancellationToken.None);

    private static Task<JsonValue> ReadTextAsync(string text, string readerConfig) =>
        ReadAsync(new InMemoryS3ObjectSource().Put("b", "k", text), GetObject, Object, readerConfig).AsTask();

    private static Task<JsonValue> CsvAsync(string text, string extraConfig = "") =>
        ReadTextAsync(text, """{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"EXTRA}""".Replace("EXTRA", extraConfig, StringComparison.Ordinal));

    private static async Task<TaskFailedException> FailsAsync(Func<Task> read) => await Assert.ThrowsAsync<TaskFailedException>(read);

    private static void Equal(string expectedJson, JsonValue actual) => Assert.Equal(JsonValue.Parse(expectedJson), actual);

    // ---- CSV ------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Csv_first_row_names_the_fields_of_the_records_after_it()
    {
        Equal("""[{"a":"1","b":"2"},{"a":"3","b":"4"}]""", await CsvAsync("a,b\n1,2\n3,4\n"));
    }

    [Fact]
    public async Task Csv_given_headers_name_every_record_including_the_first()
    {
        var items = await ReadTextAsync("1,2\n3,4\n", """{"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["x","y"]}""");
        Equal("""[{"x":"1","y":"2"},{"x":"3","y":"4"}]""", items);
    }

    [Fact]
    public async Task Csv_header_location_defaults_to_the_first_row()
    {
        Equal("""[{"a":"1"}]""", await ReadTextAsync("a\n1\n", """{"InputType":"CSV"}"""));
    }

    [Fact]
    public async Task Csv_fields_are_strings_with_their_white_space_kept()
    {
        Equal("""[{"n":"  12 ","t":"true","z":""}]""", await CsvAsync("n,t,z\n  12 ,true,\n"));
    }

    [Fact]
    public async Task Csv_a_quoted_field_holds_the_delimiter()
    {
        Equal("""[{"a":"x,y","b":"z"}]""", await CsvAsync("a,b\n\"x,y\",z\n"));
    }

    [Fact]
    public async Task Csv_a_doubled_quote_inside_quotes_is_one_quote()
    {
        Equal("""[{"a":"say \"hi\"","b":""}]""", await CsvAsync("a,b\n\"say \"\"hi\"\"\",\"\"\n"));
    }

    [Fact]
    public async Task Csv_a_doubled_quote_outside_quotes_is_one_quote()
    {
        // The documented example keeps {""MyKey"":""MyValue""} unquoted and reads it back as JSON.
        Equal("""[{"o":"{\"MyKey\":\"MyValue\"}"}]""", await CsvAsync("o\n{\"\"MyKey\"\":\"\"MyValue\"\"}\n"));
    }

    [Fact]
    public async Task Csv_a_lone_quote_inside_a_field_opens_a_quoted_stretch()
    {
        Equal("""[{"a":"abc,de","b":"f"}]""", await CsvAsync("a,b\nab\"c,d\"e,f\n"));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task Csv_a_quoted_field_holds_line_breaks_as_they_are(string lineBreak)
    {
        var items = await CsvAsync("a,b" + lineBreak + "\"one" + lineBreak + "two\",3" + lineBreak + "4,5" + lineBreak);
        Equal("""[{"a":"one""" + (lineBreak == "\n" ? "\\n" : "\\r\\n") + """two","b":"3"},{"a":"4","b":"5"}]""", items);
    }

    [Fact]
    public async Task Csv_a_record_with_fewer_fields_gets_empty_strings_for_the_missing_ones()
    {
        Equal("""[{"a":"1","b":"","c":""}]""", await CsvAsync("a,b,c\n1\n"));
    }

    [Fact]
    public async Task Csv_fields_past_the_headers_are_dropped()
    {
        Equal("""[{"a":"1","b":"2"}]""", await CsvAsync("a,b\n1,2,3,4\n"));
    }

    [Theory]
    [InlineData("COMMA", ",")]
    [InlineData("PIPE", "|")]
    [InlineData("SEMICOLON", ";")]
    [InlineData("SPACE", " ")]
    [InlineData("TAB", "\t")]
    public async Task Csv_delimiter_is_the_one_configured(string name, string delimiter)
    {
        var text = "a" + delimiter + "b\n1" + delimiter + "2,3|4;5\n";
        var items = await CsvAsync(text, ""","CSVDelimiter":"NAME" """.Replace("NAME", name, StringComparison.Ordinal));
        var fields = "1" + delimiter + "2,3|4;5";
        var split = fields.Split(delimiter);
        Assert.Equal(split[0], items[0]["a"].GetString());
        Assert.Equal(split[1], items[0]["b"].GetString());
    }

    [Fact]
    public async Task Csv_records_end_at_CRLF_LF_or_CR()
    {
        Equal("""[{"a":"1"},{"a":"2"},{"a":"3"}]""", await CsvAsync("a\r\n1\r\n2\n3\r"));
    }

    [Fact]
    public async Task Csv_a_byte_order_mark_is_not_part_of_the_first_header()
    {
        var items = await CsvAsync("\uFEFFid,v\n1,2\n");
        Assert.Equal(["id", "v"], items[0].GetObject().Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Csv_a_last_record_without_a_line_break_is_read_and_a_trailing_line_break_adds_none()
    {
        Equal("""[{"a":"1"},{"a":"2"}]""", await CsvAsync("a\n1\n2"));
        Equal("""[{"a":"1"},{"a":"2"}]""", await CsvAsync("a\n1\n2\n"));
    }

    [Fact]
    public async Task Csv_empty_lines_hold_no_record()
    {
        Equal("""[{"a":"1","b":"2"},{"a":"3","b":"4"}]""", await CsvAsync("\na,b\n\n1,2\r\n\r\n3,4\n\n"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("\n\n")]
    [InlineData("only,headers\n")]
    public async Task Csv_without_data_records_gives_no_items(string text)
    {
        Equal("[]", await CsvAsync(text));
        if (!text.Contains(',', StringComparison.Ordinal))
        {
            Equal("[]", await ReadTextAsync(text, """{"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["a"]}"""));
        }
    }

    [Fact]
    public async Task Csv_backslashes_escape_a_backslash_a_quote_or_the_delimiter_and_are_dropped_before_anything_else()
    {
        var items = await CsvAsync("path,size,note\nC:\\\\Program Files\\\\MyApp.exe,6534512,a\\,b \\\"q\\\" \\x\n");
        Equal("""[{"path":"C:\\Program Files\\MyApp.exe","size":"6534512","note":"a,b \"q\" x"}]""", items);
    }

    [Fact]
    public async Task Csv_items_have_their_members_in_the_order_AWS_renders_them()
    {
        // Recorded on AWS (localstack corpus, csv_headers_first_row_typed_headers): a Java HashMap's order, not the file's.
        var items = await CsvAsync("0,True,{}\nValue4,Value5,Value6\n");
        Assert.Equal("""[{"0":"Value4","{}":"Value6","True":"Value5"}]""", items.ToJsonString());
    }

    [Fact]
    public async Task Csv_a_quote_that_is_never_closed_fails_naming_the_object_and_the_line()
    {
        var e = await FailsAsync(() => CsvAsync("a,b\n1,2\n\"open,3\n4,5\n"));
        Assert.Equal(StatesErrors.ItemReaderFailed, e.Error);
        Assert.Contains("s3://b/k", e.ErrorCause, StringComparison.Ordinal);
        Assert.Contains("line 3", e.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_repeated_names_in_the_first_row_fail()
    {
        var e = await FailsAsync(() => CsvAsync("a,a\n1,2\n"));
        Assert.StartsWith("CSV headers cannot contain duplicates.", e.ErrorCause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"InputType":"CSV","CSVDelimiter":"COLON"}""", "CSVDelimiter")]
    [InlineData("""{"InputType":"CSV","CSVHeaderLocation":"GIVEN"}""", "CSVHeaders")]
    [InlineData("""{"InputType":"CSV","CSVHeaderLocation":"LAST_ROW"}""", "CSVHeaderLocation")]
    [InlineData("""{"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["a",1]}""", "CSVHeaders")]
    [InlineData("""{"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["a","a"]}""", "duplicates")]
    public async Task Csv_settings_it_cannot_follow_fail_naming_them(string readerConfig, string named)
    {
        var e = await FailsAsync(() => ReadTextAsync("a\n1\n", readerConfig));
        Assert.Contains(named, e.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_parsing_is_linear_in_the_size_of_the_object()
    {
        // 200,000 records, and one field of a million quotes: quadratic work would take minutes.
        var text = "a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 200_000)) + "\"" + new string('"', 2_000_000) + "\"\n";
        var started = System.Diagnostics.Stopwatch.StartNew();
        var items = await CsvAsync(text);
        Assert.Equal(200_001, items.GetArray().Count);
        Assert.Equal(1_000_000, items[200_000]["a"].GetString().Length);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), "took " + started.Elapsed);
    }

    // ---- JSON and JSON Lines --------------------------------------------------------------------------------------

    [Fact]
    public async Task Json_an_array_is_the_items()
    {
        Equal("""[{"n":1},"two",[3]]""", await ReadTextAsync("""[{"n":1},"two",[3]]""", """{"InputType":"JSON"}"""));
    }

    [Fact]
    public async Task Json_a_value_that_is_not_an_array_is_returned_as_it_is_for_the_kernel_to_refuse()
    {
        Equal("""{"Hello":"world"}""", await ReadTextAsync("""{"Hello":"world"}""", """{"InputType":"JSON"}"""));
    }

    [Fact]
    public async Task Json_a_byte_order_mark_is_dropped()
    {
        Equal("[1]", await ReadTextAsync("\uFEFF[1]", """{"InputType":"JSON"}"""));
    }

    [Theory]
    [InlineData("/data/items", """[1,2]""")]
    [InlineData("/data/a~1b", """["slash"]""")]
    [InlineData("/data/t~0", """["tilde"]""")]
    [InlineData("/list/1", """[3]""")]
    [InlineData("", """{"data":{"items":[1,2],"a/b":["slash"],"t~":["tilde"]},"list":[[0],[3]]}""")]
    public async Task Json_ItemsPointer_selects_the_items_inside_the_object(string pointer, string expected)
    {
        var text = """{"data":{"items":[1,2],"a/b":["slash"],"t~":["tilde"]},"list":[[0],[3]]}""";
        Equal(expected, await ReadTextAsync(text, """{"InputType":"JSON","ItemsPointer":"@@"}""".Replace("@@", pointer, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/missing", "selects nothing")]
    [InlineData("/list/2", "selects nothing")]
    [InlineData("/list/01", "selects nothing")]
    [InlineData("data", "is not a JSON Pointer")]
    public async Task Json_an_ItemsPointer_that_selects_nothing_fails(string pointer, string says)
    {
        var e = await FailsAsync(() => ReadTextAsync("""{"list":[[0],[3]]}""", """{"InputType":"JSON","ItemsPointer":"@@"}""".Replace("@@", pointer, StringComparison.Ordinal)));
        Assert.Contains(says, e.ErrorCause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,\n2,\n}", "line 3")]
    [InlineData("  ", "is empty")]
    public async Task Json_that_does_not_parse_fails_naming_the_object_and_the_line(string text, string says)
    {
        var e = await FailsAsync(() => ReadTextAsync(text, """{"InputType":"JSON"}"""));
        Assert.Equal(StatesErrors.ItemReaderFailed, e.Error);
        Assert.Contains("s3://b/k", e.ErrorCause, StringComparison.Ordinal);
        Assert.Contains(says, e.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jsonl_each_line_is_an_item_and_blank_lines_are_skipped()
    {
        Equal("""[{"a":1},[2],"three",4]""", await ReadTextAsync("\uFEFF{\"a\":1}\r\n[2]\n\n   \n\"three\"\n4", """{"InputType":"JSONL"}"""));
    }

    [Fact]
    public async Task Jsonl_an_empty_object_has_no_items()
    {
        Equal("[]", await ReadTextAsync("", """{"InputType":"JSONL"}"""));
    }

    [Fact]
    public async Task Jsonl_a_line_that_is_not_JSON_fails_naming_it()
    {
        var e = await FailsAsync(() => ReadTextAsync("{\"a\":1}\n{\"a\":\n", """{"InputType":"JSONL"}"""));
        Assert.Contains("s3://b/k", e.ErrorCause, StringComparison.Ordinal);
        Assert.Contains("line 2", e.ErrorCause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MANIFEST")]
    [InlineData("PARQUET")]
    [InlineData("XML")]
    public async Task Input_types_it_does_not_read_fail_naming_the_type(string inputType)
    {
        var e = await FailsAsync(() => ReadTextAsync("[]", """{"InputType":"@@"}""".Replace("@@", inputType, StringComparison.Ordinal)));
        Assert.Equal(StatesErrors.ItemReaderFailed, e.Error);
        Assert.Contains(inputType, e.ErrorCause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("S3_INVENTORY")]
    [InlineData("ATHENA_DATA")]
    public async Task A_manifest_type_it_does_not_read_fails_naming_it_rather_than_asking_for_an_InputType(string manifestType)
    {
        // A real-world trial: an S3 inventory's manifest (which takes no InputType) failed asking for one.
        var e = await FailsAsync(() => ReadTextAsync("{}", "{\"ManifestType\":\"" + manifestType + "\"}"));
        Assert.Equal(StatesErrors.ItemReaderFailed, e.Error);
        Assert.Contains("ManifestType " + manifestType + " is not supported", e.ErrorCause, StringComparison.Ordinal);
        Assert.DoesNotContain("InputType", e.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_read_without_an_InputType_fails()
    {
        var e = await FailsAsync(() => ReadTextAsync("[]", "{}"));
        Assert.Contains("InputType", e.ErrorCause, StringComparison.Ordinal);
    }

    // ---- Missing objects, parameters, resources -------------------------------------------------------------------

    [Fact]
    public async Task A_missing_object_is_NoSuchKey_naming_the_bucket_and_key()
    {
        var objects = new InMemoryS3ObjectSource().Put("b", "other", "[]");
        var e = await FailsAsync(() => ReadAsync(objects, GetObject, """{"Bucket":"b","Key":"data/k.csv"}""", """{"InputType":"CSV"}""").AsTask());
        Assert.Equal("S3.NoSuchKey", e.Error);
        Assert.Equal("NoSuchKey: The specified key does not exist. (Bucket: b, Key: data/k.csv)", e.ErrorCause);
    }

    [Theory]
    [InlineData(GetObject)]
    [InlineData(ListObjects)]
    public async Task A_missing_bucket_is_NoSuchBucket_naming_it(string resource)
    {
        var e = await FailsAsync(() => ReadAsync(new InMemoryS3ObjectSource(), resource, """{"Bucket":"gone","Key":"k"}""", """{"InputType":"JSON"}""").AsTask());
        Assert.Equal("S3.NoSuchBucket", e.Error);
        Assert.Equal("NoSuchBucket: The specified bucket does not exist. (Bucket: gone)", e.ErrorCause);
    }

    [Theory]
    [InlineData(GetObject, """{"Key":"k"}""", "Bucket")]
    [InlineData(GetObject, """{"Bucket":"b"}""", "Key")]
    [InlineData(GetObject, """{"Bucket":"b","Key":7}""", "Key")]
    [InlineData("arn:aws:states:::s3:putObject", Object, "arn:aws:states:::s3:putObject")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:f", Object, "function:f")]
    public async Task Parameters_or_resources_it_cannot_use_fail_naming_them(string resource, string parameters, string named)
    {
        var objects = new InMemoryS3ObjectSource().Put("b", "k", "[]");
        var e = await FailsAsync(() => ReadAsync(objects, resource, parameters, """{"InputType":"JSON"}""").AsTask());
        Assert.Equal(StatesErrors.ItemReaderFailed, e.Error);
        Assert.Contains(named, e.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_of_other_partitions_are_read()
    {
        var objects = new InMemoryS3ObjectSource().Put("b", "k", "[1]");
        Equal("[1]", await ReadAsync(objects, "arn:aws-cn:states:::s3:getObject", Object, """{"InputType":"JSON"}"""));
    }

    // ---- listObjectsV2 --------------------------------------------------------------------------------------------

    [Fact]
    public async Task ListObjectsV2_gives_each_object_under_the_prefix_as_Step_Functions_passes_it()
    {
        var clock = new VirtualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_789_180_622).AddMilliseconds(700));
        var objects = new InMemoryS3ObjectSource(clock).Put("b", "input/0002.txt", "2").Put("b", "input/0001.txt", "hi").Put("b", "other.txt", "x");
        var items = await ReadAsync(objects, ListObjects, """{"Bucket":"b","Prefix":"input/"}""", "{}");

        // MD5("hi") = 49f68a5c8493ec2c0bf489821c21fc3b; LastModified in epoch seconds, as Java writes a double.
        Assert.Equal(
            """[{"Etag":"\"49f68a5c8493ec2c0bf489821c21fc3b\"","Key":"input/0001.txt","LastModified":1.789180622E9,"Size":2,"StorageClass":"STANDARD"},"""
            + """{"Etag":"\"c81e728d9d4c2f636f067f89cc14862c\"","Key":"input/0002.txt","LastModified":1.789180622E9,"Size":1,"StorageClass":"STANDARD"}]""",
            items.ToJsonString());
    }

    [Fact]
    public async Task ListObjectsV2_lists_keys_in_the_order_of_their_UTF8_bytes()
    {
        // UTF-16 puts the surrogate pair of U+1F600 before U+FFFD; UTF-8 (and S3) after it.
        var objects = new InMemoryS3ObjectSource().Put("b", "\U0001F600", "1").Put("b", "\uFFFD", "2").Put("b", "a", "3").Put("b", "B", "4");
        var items = await ReadAsync(objects, ListObjects, """{"Bucket":"b"}""", "{}");
        Assert.Equal(["B", "a", "\uFFFD", "\U0001F600"], items.GetArray().Select(i => i["Key"].GetString()));
    }

    [Fact]
    public async Task ListObjectsV2_of_an_empty_prefix_gives_no_items()
    {
        var objects = new InMemoryS3ObjectSource().CreateBucket("b");
        Equal("[]", await ReadAsync(objects, ListObjects, """{"Bucket":"b","Prefix":"none/"}""", "{}"));
    }

    [Fact]
    public async Task ListObjectsV2_with_LOAD_AND_FLATTEN_reads_each_object_and_joins_their_items()
    {
        var objects = new InMemoryS3ObjectSource()
            .Put("b", "logs/2.csv", "id,level\n3,ERROR\n")
            .Put("b", "logs/1.csv", "id,level\n1,INFO\n2,WARN\n")
            .Put("b", "logs/", string.Empty)
            .Put("b", "skip.csv", "id,level\n9,X\n");
        var items = await ReadAsync(objects, ListObjects, """{"Bucket":"b","Prefix":"logs/"}""", """{"Transformation":"LOAD_AND_FLATTEN","InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"}""");
        Equal("""[{"id":"1","level":"INFO"},{"id":"2","level":"WARN"},{"id":"3","level":"ERROR"}]""", items);
    }

    [Fact]
    public async Task ListObjectsV2_with_LOAD_AND_FLATTEN_fails_on_an_object_that_holds_no_list()
    {
        var objects = new InMemoryS3ObjectSource().Put("b", "a.json", "[1]").Put("b", "b.json", """{"not":"a list"}""");
        var e = await FailsAsync(() => ReadAsync(objects, ListObjects, """{"Bucket":"b"}""", """{"Transformation":"LOAD_AND_FLATTEN","InputType":"JSON"}""").AsTask());
        Assert.Contains("Attempting to map over non-iterable node.", e.ErrorCause, StringComparison.Ordinal);
        Assert.Contains("s3://b/b.json", e.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListObjectsV2_with_an_unknown_Transformation_fails()
    {
        var objects = new InMemoryS3ObjectSource().CreateBucket("b");
        var e = await FailsAsync(() => ReadAsync(objects, ListObjects, """{"Bucket":"b"}""", """{"Transformation":"FLATTEN"}""").AsTask());
        Assert.Contains("FLATTEN", e.ErrorCause, StringComparison.Ordinal);
    }
}
