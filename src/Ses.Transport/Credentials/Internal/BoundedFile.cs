using System.Globalization;
using System.Text;

namespace Ses.Transport.Credentials.Internal;

/// <summary>
/// Reads small text files (profile files, token files) with a size cap, so that a device or a huge file named in
/// an environment variable cannot hang or exhaust the process. Errors name the file, never its content.
/// </summary>
internal static class BoundedFile
{
    /// <summary>Reads the whole file as UTF-8.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxChars">The most characters read; a longer file is refused.</param>
    /// <param name="description">What the file is, for messages ("the AWS profile file").</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="AwsCredentialsException">The file is missing, unreadable or too large.</exception>
    public static async ValueTask<string> ReadTextAsync(string path, int maxChars, string description, CancellationToken cancellationToken)
    {
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                var text = new StringBuilder();
                var buffer = new char[4096];
                int read;
                while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    Append(text, buffer.AsSpan(0, read), maxChars, path, description);
                }

                return text.ToString();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, description, ex);
        }
    }

    /// <summary>Reads the whole file as UTF-8, synchronously.</summary>
    /// <exception cref="AwsCredentialsException">The file is missing, unreadable or too large.</exception>
    public static string ReadText(string path, int maxChars, string description)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var text = new StringBuilder();
            var buffer = new char[4096];
            int read;
            while ((read = reader.Read(buffer)) > 0)
            {
                Append(text, buffer.AsSpan(0, read), maxChars, path, description);
            }

            return text.ToString();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, description, ex);
        }
    }

    private static void Append(StringBuilder text, ReadOnlySpan<char> chars, int maxChars, string path, string description)
    {
        if (text.Length + chars.Length > maxChars)
        {
            throw new AwsCredentialsException(
                $"{description} {path} is larger than {maxChars.ToString(CultureInfo.InvariantCulture)} characters; it is not read.");
        }

        text.Append(chars);
    }

    private static AwsCredentialsException Unreadable(string path, string description, Exception ex) =>
        new($"Could not read {description} {path} ({ex.GetType().Name}).", ex);
}
