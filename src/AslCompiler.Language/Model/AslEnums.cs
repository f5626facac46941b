namespace AslCompiler.Language.Model;

/// <summary>The query language of a state: how its fields select and transform data.</summary>
public enum QueryLanguage
{
    /// <summary>A value that is neither <c>JSONPath</c> nor <c>JSONata</c> (the validator reports it).</summary>
    Unknown,

    /// <summary><c>JSONPath</c>: InputPath, Parameters, ResultSelector, ResultPath, OutputPath. The default.</summary>
    JsonPath,

    /// <summary><c>JSONata</c>: Arguments and Output with <c>{% %}</c> expressions.</summary>
    Jsonata,
}

/// <summary>The <c>Type</c> of a state.</summary>
public enum StateType
{
    /// <summary>Type is missing, not a string, or not one of the eight state types.</summary>
    Unknown,

    /// <summary><c>Pass</c>.</summary>
    Pass,

    /// <summary><c>Task</c>.</summary>
    Task,

    /// <summary><c>Choice</c>.</summary>
    Choice,

    /// <summary><c>Wait</c>.</summary>
    Wait,

    /// <summary><c>Succeed</c>.</summary>
    Succeed,

    /// <summary><c>Fail</c>.</summary>
    Fail,

    /// <summary><c>Parallel</c>.</summary>
    Parallel,

    /// <summary><c>Map</c>.</summary>
    Map,
}

/// <summary>A retrier's <c>JitterStrategy</c>.</summary>
public enum JitterStrategy
{
    /// <summary>An unrecognised value.</summary>
    Unknown,

    /// <summary><c>FULL</c>: randomise each interval between zero and its computed value.</summary>
    Full,

    /// <summary><c>NONE</c>: no jitter (the default).</summary>
    None,
}

/// <summary>A Map ItemProcessor's <c>ProcessorConfig.Mode</c>.</summary>
public enum ProcessorMode
{
    /// <summary>An unrecognised value.</summary>
    Unknown,

    /// <summary><c>INLINE</c>: iterations run inside the parent execution (the default).</summary>
    Inline,

    /// <summary><c>DISTRIBUTED</c>: iterations run as child workflow executions.</summary>
    Distributed,
}

/// <summary>A distributed Map's child <c>ProcessorConfig.ExecutionType</c>.</summary>
public enum ExecutionType
{
    /// <summary>An unrecognised value.</summary>
    Unknown,

    /// <summary><c>STANDARD</c>.</summary>
    Standard,

    /// <summary><c>EXPRESS</c>.</summary>
    Express,
}

/// <summary><c>ItemReader.ReaderConfig.InputType</c>: the kind of Amazon S3 data source.</summary>
public enum ReaderInputType
{
    /// <summary>An unrecognised value.</summary>
    Unknown,

    /// <summary><c>CSV</c>: a text-delimited file.</summary>
    Csv,

    /// <summary><c>JSON</c>: a file holding a JSON array.</summary>
    Json,

    /// <summary><c>JSONL</c>: a JSON Lines file.</summary>
    Jsonl,

    /// <summary><c>MANIFEST</c>: an Athena manifest or an S3 inventory manifest.</summary>
    Manifest,

    /// <summary><c>PARQUET</c>: an Apache Parquet file.</summary>
    Parquet,
}

/// <summary><c>ReaderConfig.CSVHeaderLocation</c>.</summary>
public enum CsvHeaderLocation
{
    /// <summary>An unrecognised value.</summary>
    Unknown,

    /// <summary><c>FIRST_ROW</c>: the file's first line holds the column names.</summary>
    FirstRow,

    /// <summary><c>GIVEN</c>: the names are in <c>CSVHeaders</c>.</summary>
    Given,
}

/// <summary><c>ReaderConfig.CSVDelimiter</c>.</summary>
public enum CsvDelimiter
{
    /// <summary>An unrecognised value.</summary>
    Unknown,

    /// <summary><c>COMMA</c> (the default).</summary>
    Comma,

    /// <summary><c>PIPE</c>.</summary>
    Pipe,

    /// <summary><c>SEMICOLON</c>.</summary>
    Semicolon,

    /// <summary><c>SPACE</c>.</summary>
    Space,

    /// <summary><c>TAB</c>.</summary>
    Tab,
}

/// <summary><c>ReaderConfig.ManifestType</c>.</summary>
public enum ManifestType
{
    /// <summary>An unrecognised value.</summary>
    Unknown,

    /// <summary><c>ATHENA_DATA</c>: an Athena UNLOAD manifest.</summary>
    AthenaData,

    /// <summary><c>S3_INVENTORY</c>: an Amazon S3 inventory manifest.</summary>
    S3Inventory,
}

/// <summary><c>ReaderConfig.Transformation</c>.</summary>
public enum ReaderTransformation
{
    /// <summary>An unrecognised value.</summary>
    Unknown,

    /// <summary><c>NONE</c>: each listed S3 object's metadata is an item (the default).</summary>
    None,

    /// <summary><c>LOAD_AND_FLATTEN</c>: the listed objects are read and their items flattened into one list.</summary>
    LoadAndFlatten,
}

/// <summary><c>ResultWriter.WriterConfig.OutputType</c>.</summary>
public enum ResultOutputType
{
    /// <summary>An unrecognised value.</summary>
    Unknown,

    /// <summary><c>JSON</c>: a JSON array.</summary>
    Json,

    /// <summary><c>JSONL</c>: JSON Lines.</summary>
    Jsonl,
}

/// <summary><c>ResultWriter.WriterConfig.Transformation</c>.</summary>
public enum ResultTransformation
{
    /// <summary>An unrecognised value.</summary>
    Unknown,

    /// <summary><c>NONE</c>: child execution results with their metadata.</summary>
    None,

    /// <summary><c>COMPACT</c>: child execution outputs only.</summary>
    Compact,

    /// <summary><c>FLATTEN</c>: child execution outputs, arrays flattened.</summary>
    Flatten,
}

/// <summary>What a Choice rule is made of.</summary>
public enum ChoiceRuleKind
{
    /// <summary>None of the shapes below (no operator, no Condition, no And/Or/Not), or more than one of them.</summary>
    Invalid,

    /// <summary>A <c>Variable</c> with one comparison operator (JSONPath).</summary>
    Comparison,

    /// <summary><c>And</c>: all nested rules match.</summary>
    And,

    /// <summary><c>Or</c>: some nested rule matches.</summary>
    Or,

    /// <summary><c>Not</c>: the nested rule does not match.</summary>
    Not,

    /// <summary>A JSONata <c>Condition</c>.</summary>
    Condition,
}
