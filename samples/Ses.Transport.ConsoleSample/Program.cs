Console.WriteLine("Ses.Transport console sample");
