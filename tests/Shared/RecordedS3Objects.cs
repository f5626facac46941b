namespace AslCompiler.Tests.Shared;

/// <summary>
/// The S3 objects the localstack item-reader tests uploaded before the executions they recorded on AWS: the recordings
/// keep the definition, input and history, not the object a distributed Map's ItemReader read (its items show only
/// in the Map Run children's own histories). Each text is put at the case input's <c>Bucket</c> and <c>Key</c>.
/// Shared by the runtime's corpus tests and <c>asl run</c>'s (linked into both test projects). The texts are the test
/// data of the LocalStack test suite (github.com/localstack/localstack, Apache License 2.0), as the corpus's cases are.
/// </summary>
internal static class RecordedS3Objects
{
    private const string Rows = "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n";

    private const string Numbered = "Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\nValue7,Value8\n";

    // Written as Python's json.dumps wrote it.
    private const string Statements =
        """[{"verdict": "true", "statement_date": "6/11/2008", "statement_source": "speech"}, {"verdict": "false", "statement_date": "6/7/2022", "statement_source": "television"}, {"verdict": "mostly-true", "statement_date": "5/18/2016", "statement_source": "news"}, {"verdict": "false", "statement_date": "5/18/2024", "statement_source": "x"}]""";

    /// <summary>The object's text by case id.</summary>
    public static IReadOnlyDictionary<string, string> ByCase { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["test_base_scenarios__test_map_item_reader_base_csv_headers_first_line"] = "Col1,Col2,Col3\n" + Rows,
        ["test_base_scenarios__test_map_item_reader_base_csv_headers_decl"] = Rows,
        ["test_base_scenarios__test_map_item_reader_csv_headers_decl_extra_fields"] = Rows,
        ["test_base_scenarios__test_map_item_reader_csv_headers_decl_duplicate_headers"] = Rows,
        ["test_base_scenarios__test_map_item_reader_csv_first_row_extra_fields"] = "H1,\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
        ["test_base_scenarios__test_map_item_reader_csv_headers_first_row_typed_headers"] = "0,True,{}\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
        ["test_base_scenarios__test_map_item_reader_csv_max_items_0"] = Numbered,
        ["test_base_scenarios__test_map_item_reader_csv_max_items_100000000"] = Numbered,
        ["test_base_scenarios__test_map_item_reader_csv_max_items_paths_-1"] = Numbered,
        ["test_base_scenarios__test_map_item_reader_csv_max_items_paths_0"] = Numbered,
        ["test_base_scenarios__test_map_item_reader_csv_max_items_paths_2"] = Numbered,
        ["test_base_scenarios__test_map_item_reader_csv_max_items_paths_100000001"] = Numbered,
        ["test_base_scenarios__test_map_item_reader_json_no_json_list_object"] = """{"Hello": "world"}""",
        ["test_assign_reference_variables__test_reference_in_map_state_max_items_path_MAP_STATE_REFERENCE_IN_MAX_ITEMS_PATH"] = Statements,
        ["test_assign_reference_variables__test_reference_in_map_state_max_items_path_MAP_STATE_REFERENCE_IN_MAX_PER_BATCH_PATH"] = Statements,
    };
}
