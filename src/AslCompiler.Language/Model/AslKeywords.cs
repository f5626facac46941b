using System;

namespace AslCompiler.Language.Model;

/// <summary>The spellings of ASL enumerated values, both ways.</summary>
public static class AslKeywords
{
    /// <summary>Reads a <c>QueryLanguage</c> value (case-sensitive, as AWS is).</summary>
    public static QueryLanguage ParseQueryLanguage(string value) => value switch
    {
        "JSONPath" => QueryLanguage.JsonPath,
        "JSONata" => QueryLanguage.Jsonata,
        _ => QueryLanguage.Unknown,
    };

    /// <summary>The ASL spelling of a query language (<c>JSONPath</c>, <c>JSONata</c>), or <see langword="null"/> for Unknown.</summary>
    public static string? ToAslString(QueryLanguage value) => value switch
    {
        QueryLanguage.JsonPath => "JSONPath",
        QueryLanguage.Jsonata => "JSONata",
        _ => null,
    };

    /// <summary>Reads a state <c>Type</c>.</summary>
    public static StateType ParseStateType(string value) => value switch
    {
        "Pass" => StateType.Pass,
        "Task" => StateType.Task,
        "Choice" => StateType.Choice,
        "Wait" => StateType.Wait,
        "Succeed" => StateType.Succeed,
        "Fail" => StateType.Fail,
        "Parallel" => StateType.Parallel,
        "Map" => StateType.Map,
        _ => StateType.Unknown,
    };

    /// <summary>Reads a <c>JitterStrategy</c>.</summary>
    public static JitterStrategy ParseJitterStrategy(string value) => value switch
    {
        "FULL" => JitterStrategy.Full,
        "NONE" => JitterStrategy.None,
        _ => JitterStrategy.Unknown,
    };

    /// <summary>Reads a <c>ProcessorConfig.Mode</c>.</summary>
    public static ProcessorMode ParseProcessorMode(string value) => value switch
    {
        "INLINE" => ProcessorMode.Inline,
        "DISTRIBUTED" => ProcessorMode.Distributed,
        _ => ProcessorMode.Unknown,
    };

    /// <summary>Reads a <c>ProcessorConfig.ExecutionType</c>.</summary>
    public static ExecutionType ParseExecutionType(string value) => value switch
    {
        "STANDARD" => ExecutionType.Standard,
        "EXPRESS" => ExecutionType.Express,
        _ => ExecutionType.Unknown,
    };

    /// <summary>Reads a <c>ReaderConfig.InputType</c>.</summary>
    public static ReaderInputType ParseReaderInputType(string value) => value switch
    {
        "CSV" => ReaderInputType.Csv,
        "JSON" => ReaderInputType.Json,
        "JSONL" => ReaderInputType.Jsonl,
        "MANIFEST" => ReaderInputType.Manifest,
        "PARQUET" => ReaderInputType.Parquet,
        _ => ReaderInputType.Unknown,
    };

    /// <summary>Reads a <c>ReaderConfig.CSVHeaderLocation</c>.</summary>
    public static CsvHeaderLocation ParseCsvHeaderLocation(string value) => value switch
    {
        "FIRST_ROW" => CsvHeaderLocation.FirstRow,
        "GIVEN" => CsvHeaderLocation.Given,
        _ => CsvHeaderLocation.Unknown,
    };

    /// <summary>Reads a <c>ReaderConfig.CSVDelimiter</c>.</summary>
    public static CsvDelimiter ParseCsvDelimiter(string value) => value switch
    {
        "COMMA" => CsvDelimiter.Comma,
        "PIPE" => CsvDelimiter.Pipe,
        "SEMICOLON" => CsvDelimiter.Semicolon,
        "SPACE" => CsvDelimiter.Space,
        "TAB" => CsvDelimiter.Tab,
        _ => CsvDelimiter.Unknown,
    };

    /// <summary>Reads a <c>ReaderConfig.ManifestType</c>.</summary>
    public static ManifestType ParseManifestType(string value) => value switch
    {
        "ATHENA_DATA" => ManifestType.AthenaData,
        "S3_INVENTORY" => ManifestType.S3Inventory,
        _ => ManifestType.Unknown,
    };

    /// <summary>Reads a <c>ReaderConfig.Transformation</c>.</summary>
    public static ReaderTransformation ParseReaderTransformation(string value) => value switch
    {
        "NONE" => ReaderTransformation.None,
        "LOAD_AND_FLATTEN" => ReaderTransformation.LoadAndFlatten,
        _ => ReaderTransformation.Unknown,
    };

    /// <summary>Reads a <c>WriterConfig.OutputType</c>.</summary>
    public static ResultOutputType ParseResultOutputType(string value) => value switch
    {
        "JSON" => ResultOutputType.Json,
        "JSONL" => ResultOutputType.Jsonl,
        _ => ResultOutputType.Unknown,
    };

    /// <summary>Reads a <c>WriterConfig.Transformation</c>.</summary>
    public static ResultTransformation ParseResultTransformation(string value) => value switch
    {
        "NONE" => ResultTransformation.None,
        "COMPACT" => ResultTransformation.Compact,
        "FLATTEN" => ResultTransformation.Flatten,
        _ => ResultTransformation.Unknown,
    };

    /// <summary>Whether <paramref name="value"/> is a JSONata expression string: it starts with <c>{%</c> and ends with <c>%}</c>.</summary>
    public static bool IsJsonataExpression(string? value) =>
        value is not null &&
        value.Length >= 4 &&
        value.StartsWith("{%", StringComparison.Ordinal) &&
        value.EndsWith("%}", StringComparison.Ordinal);
}
